//! Opening the app's database from the command line.

use std::path::{Path, PathBuf};

use apidest_core::contacts;
use apidest_core::identity::AppIdentity;
use apidest_core::store::{open_database, Database, DATABASE_FILE_NAME};

use crate::args::DataArgs;

/// The data folder: --data-dir, else the app's folder for this kind of build.
pub fn data_dir(args: &DataArgs) -> Result<PathBuf, String> {
    if let Some(dir) = &args.data_dir {
        return Ok(dir.clone());
    }
    let identity = AppIdentity::for_build(cfg!(debug_assertions));
    dirs::data_dir()
        .map(|base| base.join(identity.app_id))
        .ok_or_else(|| "apidest: the OS has no data folder; pass --data-dir".to_owned())
}

pub async fn open(args: &DataArgs) -> Result<Database, String> {
    open_in(&data_dir(args)?).await
}

/// The database in `dir` (made when missing), with the sample contacts a new one starts with.
pub async fn open_in(dir: &Path) -> Result<Database, String> {
    let db = open_database(&dir.join(DATABASE_FILE_NAME))
        .await
        .map_err(|e| format!("apidest: {}", e.message))?;
    contacts::seed_samples_once(&db.pool)
        .await
        .map_err(|e| format!("apidest: {}", e.message))?;
    Ok(db)
}

/// A core error as the CLI prints it.
pub fn fail(err: apidest_core::AppError) -> String {
    format!("apidest: {}", err.message)
}
