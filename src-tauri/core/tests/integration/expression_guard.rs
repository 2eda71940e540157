//! The expression guard: every construct that nests or recurses in jmespath's parser and
//! interpreter is bounded with a margin on the smallest stack expressions run on, results
//! that multiply are refused before they are built, expression references are not values,
//! and generated expressions give a value or an error, never a crash or a hang.

use crate::common;
use crate::deep_expressions;

use std::time::Duration;

use deep_expressions::{construct, longest, KINDS};

use apidest_core::render::{
    render_payload, ExpressionCache, RenderContext, RenderError, RenderErrorKind,
    MAX_EXPRESSION_CHARS,
};

/// Tokio's worker threads (the preview, rules, the engine) have 2 MiB; the guard promises a
/// margin of four, so every expression it accepts must run on a quarter of that.
const SMALLEST_STACK: usize = 2 * 1024 * 1024;
const MARGIN: usize = 4;

fn context() -> RenderContext {
    RenderContext::from_value(common::sample_context()).unwrap()
}

/// Runs `f` on a thread with `stack` bytes; an overflow aborts the test binary (a failure).
fn on_stack<T: Send + 'static>(stack: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic")
}

/// CPU time this thread has used. The bounds below are on the work a render does: other tests
/// or processes on the same cores must not make it look longer (a wall clock did, by a third).
#[cfg(unix)]
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the one timespec it is given, which outlives the call.
    let read = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(read, 0, "the thread's CPU clock");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Where there is no per-thread CPU clock, the wall clock.
#[cfg(not(unix))]
fn thread_cpu_time() -> Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

fn too_complex(result: &Result<impl Sized, RenderError>) -> bool {
    matches!(result, Err(e) if e.kind == RenderErrorKind::TooComplex)
}

#[test]
fn every_construct_chained_to_the_length_limit_is_refused() {
    on_stack(SMALLEST_STACK, || {
        let cache = ExpressionCache::default();
        for kind in KINDS {
            let expr = longest(kind);
            assert!(expr.len() <= MAX_EXPRESSION_CHARS, "{kind}");
            let result = render_payload(&expr, &cache, &context());
            assert!(too_complex(&result), "{kind}: {:?}", result.err());
        }
    });
}

#[test]
fn every_construct_accepted_runs_on_a_quarter_of_the_smallest_stack() {
    on_stack(SMALLEST_STACK / MARGIN, || {
        let cache = ExpressionCache::new(4);
        for kind in KINDS {
            // The longest chain the guard accepts (it is checked before parsing, so asking
            // is safe on any stack).
            let (mut lo, mut hi) = (0usize, 20_000usize);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if too_complex(&apidest_core::render::compile(&construct(kind, mid))) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            assert!(lo >= 10, "{kind}: only {lo} accepted");
            // Parsed, evaluated (with the preview's null-path walk) and dropped here.
            let result = render_payload(&construct(kind, lo), &cache, &context());
            assert!(!too_complex(&result), "{kind} x {lo}");
            eprintln!("{kind}: up to {lo} accepted");
        }
    });
}

#[test]
fn extension_functions_at_the_deepest_nesting_run_on_a_quarter_of_the_smallest_stack() {
    // Each extension's own work (libphonenumber's parser and its metadata loaded on first use,
    // date formats, hashes) happens at the bottom of the deepest call chain the guard accepts.
    on_stack(SMALLEST_STACK / MARGIN, || {
        let cache = ExpressionCache::new(4);
        for inner in [
            "phone_e164('020 7930 4832', 'GB')",
            "format_date('2026-11-27T10:00:00Z', '%d %B %Y %H:%M')",
            "sha256(md5(uuid()))",
            "join('', split(replace(upper(lower(trim(' a,b '))), 'A', 'c'), ','))",
            "coalesce(`null`, '', now())",
        ] {
            let chain = |n: usize| format!("{}{inner}{}", "to_string(".repeat(n), ")".repeat(n));
            let (mut lo, mut hi) = (0usize, 2_000usize);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if too_complex(&apidest_core::render::compile(&chain(mid))) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            assert!(lo >= 10, "{inner}: only {lo} accepted");
            let result = render_payload(&chain(lo), &cache, &context());
            assert!(result.is_ok(), "{inner} x {lo}: {:?}", result.err());
        }
    });
}

#[test]
fn a_multiplying_expression_is_refused_before_it_runs() {
    let cache = ExpressionCache::default();
    let expr = format!("[@,@,@,@,@,@,@,@][]{}", ".[@,@,@,@,@,@,@,@][]".repeat(9));
    assert!(expr.len() <= 200, "{}", expr.len());
    let started = thread_cpu_time();
    let err = render_payload(&expr, &cache, &context()).unwrap_err();
    assert!(thread_cpu_time() - started < Duration::from_secs(1));
    assert_eq!(err.kind, RenderErrorKind::TooComplex);
    assert!(err.message.contains("too large"), "{}", err.message);

    // A little fan-out is fine.
    let small = render_payload("[@, @][].contact.id", &cache, &context()).unwrap();
    assert_eq!(small.value, serde_json::json!(["ct_1001", "ct_1001"]));
}

/// Functions that build more text than they read, fed each other's output: four nested
/// `replace` calls would build gigabytes from a context of a few kilobytes.
#[test]
fn text_built_by_functions_is_bounded() {
    let cache = ExpressionCache::default();
    let quotes = "\"".repeat(200);
    let context = RenderContext::from_value(serde_json::json!({
        "team": {}, "contact": {"a": quotes}, "event": {}
    }))
    .unwrap();
    let grow = |inner: String| format!("replace({inner}, '\"', to_string(@))");
    let mut nested = "to_string(@)".to_owned();
    for depth in 1..=6 {
        nested = grow(nested);
        let started = thread_cpu_time();
        let result = render_payload(&format!("length({nested})"), &cache, &context);
        let took = thread_cpu_time() - started;
        assert!(took < Duration::from_secs(2), "depth {depth} took {took:?}");
        if depth == 1 {
            assert!(result.is_ok(), "one replace is fine: {:?}", result.err());
        }
        if depth >= 3 {
            let err = result.expect_err("refused");
            assert_eq!(err.kind, RenderErrorKind::TooComplex, "{}", err.message);
            assert!(
                err.message.contains("too large") && err.message.contains("replace()"),
                "{}",
                err.message
            );
        }
    }

    let joins = "join(to_string(@), split(join(to_string(@), split(to_string(@), '')), ''))";
    let err = render_payload(joins, &cache, &context).unwrap_err();
    assert_eq!(err.kind, RenderErrorKind::TooComplex, "{}", err.message);

    // Copies of a large built text are only written out at the end: refused then.
    let copies = format!(
        "[{0}][].[@,@,@,@,@,@,@,@][].[@,@,@,@,@,@,@,@][]",
        grow(grow("to_string(@)".to_owned()))
    );
    let err = render_payload(&copies, &cache, &context).unwrap_err();
    assert_eq!(err.kind, RenderErrorKind::TooComplex, "{}", err.message);
    assert!(err.message.contains("written out"), "{}", err.message);

    // Everyday use is untouched.
    let plain = render_payload(
        "replace(join(' ', [contact.a, 'x']), '\"', '')",
        &cache,
        &context,
    )
    .unwrap();
    assert_eq!(plain.value, serde_json::json!(" x"));
}

#[test]
fn an_expression_reference_is_not_a_value() {
    let cache = ExpressionCache::default();
    for expr in [
        "&contact.id",
        "{id: &contact.id}",
        "[&contact.id]",
        "not_null(&contact.id)",
        "to_array(&contact.id)",
        "contact.tags[?&@]",
    ] {
        let err = render_payload(expr, &cache, &context()).unwrap_err();
        assert!(
            err.message.contains("expression reference"),
            "{expr}: {}",
            err.message
        );
        assert!(!err.message.contains("Expref"), "{expr}: {}", err.message);
    }
    for (expr, expected) in [
        (
            "sort_by(contact.tags, &@)",
            serde_json::json!(["newsletter", "spring-2026", "vip"]),
        ),
        (
            "map(&length(@), contact.tags)",
            serde_json::json!([3, 10, 11]),
        ),
        (
            "max_by(contact.tags, &length(@))",
            serde_json::json!("spring-2026"),
        ),
    ] {
        let rendered = render_payload(expr, &cache, &context()).unwrap();
        assert_eq!(rendered.value, expected, "{expr}");
    }
}

/// A small deterministic generator (xorshift), so a failure names a reproducible seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random expression of nested, chained and multiplying constructs, `depth` levels deep;
/// a quarter of the chains are long, so that some go past the guard.
fn generate(rng: &mut Rng, depth: u32, out: &mut String) {
    if depth == 0 || rng.below(8) == 0 {
        let leaf = [
            "@",
            "contact",
            "contact.tags",
            "contact.id",
            "`1`",
            "'x'",
            "team",
        ];
        out.push_str(leaf[rng.below(leaf.len() as u64) as usize]);
        return;
    }
    let most = if rng.below(4) == 0 { 400 } else { 4 };
    let repeat = 1 + rng.below(most) as usize;
    match rng.below(17) {
        0 => {
            out.push_str(&"!".repeat(repeat));
            generate(rng, depth - 1, out);
        }
        1 => {
            out.push('(');
            generate(rng, depth - 1, out);
            out.push(')');
        }
        2 => {
            let width = 1 + rng.below(8);
            out.push('[');
            for i in 0..width {
                if i > 0 {
                    out.push(',');
                }
                generate(rng, depth - 1, out);
            }
            out.push(']');
        }
        3 => {
            out.push_str("{a: ");
            generate(rng, depth - 1, out);
            out.push_str(", b: ");
            generate(rng, depth - 1, out);
            out.push('}');
        }
        4 => {
            generate(rng, depth - 1, out);
            for _ in 0..repeat {
                out.push_str("[]");
            }
        }
        5 => {
            generate(rng, depth - 1, out);
            for _ in 0..repeat {
                out.push_str(".[@,@,@,@][]");
            }
        }
        6 => {
            generate(rng, depth - 1, out);
            let op = [" | ", " || ", " && ", " == ", " < ", " != ", " >= "];
            for _ in 0..repeat {
                out.push_str(op[rng.below(op.len() as u64) as usize]);
                generate(rng, 0, out);
            }
        }
        7 => {
            generate(rng, depth - 1, out);
            out.push_str(&"[*].a".repeat(repeat));
        }
        8 => {
            generate(rng, depth - 1, out);
            out.push_str(&"[?@]".repeat(repeat));
        }
        9 => {
            out.push_str("sort_by(contact.tags, &");
            generate(rng, depth - 1, out);
            out.push(')');
        }
        10 => {
            out.push_str("length(");
            generate(rng, depth - 1, out);
            out.push(')');
        }
        11 => {
            out.push_str(&"& ".repeat(repeat));
            generate(rng, depth - 1, out);
        }
        12 => {
            generate(rng, depth - 1, out);
            out.push_str(&".*".repeat(repeat));
        }
        13 => {
            // Text that grows by its own length at every match.
            out.push_str("replace(to_string(");
            generate(rng, depth - 1, out);
            out.push_str("), '\"', to_string(");
            generate(rng, depth - 1, out);
            out.push_str("))");
        }
        14 => {
            out.push_str("join(to_string(");
            generate(rng, depth - 1, out);
            out.push_str("), split(to_string(");
            generate(rng, depth - 1, out);
            out.push_str("), ''))");
        }
        15 => {
            out.push_str("split(to_string(");
            generate(rng, depth - 1, out);
            out.push_str("), '')");
        }
        _ => {
            generate(rng, depth - 1, out);
            out.push_str(&"[0]".repeat(repeat));
        }
    }
}

#[test]
fn generated_expressions_give_a_value_or_an_error_never_a_crash_or_a_hang() {
    on_stack(SMALLEST_STACK / MARGIN, || {
        let cache = ExpressionCache::new(64);
        let context = context();
        let (mut values, mut errors, mut slowest) = (0, 0, Duration::ZERO);
        for seed in 1..=3_000u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let mut expr = String::new();
            let depth = 1 + rng.below(6) as u32;
            generate(&mut rng, depth, &mut expr);
            let started = thread_cpu_time();
            match render_payload(&expr, &cache, &context) {
                Ok(_) => values += 1,
                Err(_) => errors += 1,
            }
            let took = thread_cpu_time() - started;
            slowest = slowest.max(took);
            assert!(
                took < Duration::from_secs(2),
                "seed {seed} took {took:?}: {expr}"
            );
        }
        eprintln!("{values} values, {errors} errors, slowest {slowest:?}");
        assert!(
            values > 100 && errors > 100,
            "{values} values, {errors} errors"
        );
    });
}
