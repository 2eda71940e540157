//! `apidest render`: one expression against a context file or a stored sample contact.

use apidest_core::contacts;
use apidest_core::ids::ContactId;
use apidest_core::render::{render_payload, ExpressionCache, RenderContext, RenderError};
use apidest_core::time::now_rfc3339;
use serde_json::{json, Value};

use crate::args::{DataArgs, RenderArgs};
use crate::data;

pub async fn run(data_args: &DataArgs, args: RenderArgs) -> Result<String, String> {
    let context = match (&args.context, &args.contact) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("apidest: cannot read {}: {e}", path.display()))?;
            let value: Value = serde_json::from_str(&text)
                .map_err(|e| format!("apidest: {} is not JSON: {e}", path.display()))?;
            RenderContext::from_value(value).map_err(describe)?
        }
        (None, Some(id)) => {
            let id: ContactId = id
                .parse()
                .map_err(|e: apidest_core::AppError| format!("apidest: {}", e.message))?;
            let db = data::open(data_args).await?;
            let contact = contacts::get_contact(&db.pool, &id)
                .await
                .map_err(|e| format!("apidest: {}", e.message))?;
            let team = contacts::get_team(&db.pool)
                .await
                .map_err(|e| format!("apidest: {}", e.message))?;
            let event = json!({"id": "evt_cli", "type": args.event_type, "occurred_at": now_rfc3339(), "data": {}});
            RenderContext::new(team.to_context(), contact.to_context(), event).map_err(describe)?
        }
        (None, None) => {
            return Err("apidest: give --context FILE or --contact ID".to_owned());
        }
    };
    let rendered =
        render_payload(&args.expr, &ExpressionCache::new(16), &context).map_err(describe)?;
    for warning in &rendered.warnings {
        eprintln!("warning: {}", warning.message);
    }
    let out = if args.compact {
        serde_json::to_string(&rendered.value)
    } else {
        serde_json::to_string_pretty(&rendered.value)
    };
    out.map_err(|e| format!("apidest: {e}"))
}

fn describe(err: RenderError) -> String {
    format!("apidest: {}", err.message)
}
