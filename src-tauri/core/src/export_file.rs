//! A new file for an export, never one that is already there: two exports made in the same
//! second (their names carry the time to the second) must not overwrite each other, and a file
//! the user kept under that name must survive.

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::error::{AppError, AppResult};

/// Past this many files of the same name the folder is not a sane place to write to.
const MAX_SUFFIX: u32 = 1000;

/// Creates `folder/stem.extension`, or `stem-2.extension`, `stem-3…` when that name is taken.
pub fn create_export_file(
    folder: &Path,
    stem: &str,
    extension: &str,
) -> AppResult<(PathBuf, File)> {
    std::fs::create_dir_all(folder).map_err(|e| write_error(folder, &e))?;
    for n in 1..=MAX_SUFFIX {
        let name = if n == 1 {
            format!("{stem}.{extension}")
        } else {
            format!("{stem}-{n}.{extension}")
        };
        let path = folder.join(name);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        // Readable by the user alone, as the data folder it was exported from.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(write_error(&path, &e)),
        }
    }
    Err(AppError::internal(format!(
        "Could not write the export: {} already holds {MAX_SUFFIX} files named {stem}…; \
         move some of them away and export again",
        folder.display()
    )))
}

fn write_error(path: &Path, e: &std::io::Error) -> AppError {
    AppError::internal(format!("Could not write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_second_export_with_the_same_name_gets_its_own_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("exports");
        let (first, mut file) = create_export_file(&folder, "api-deliveries-2026", "csv").unwrap();
        file.write_all(b"kept").unwrap();
        let (second, _) = create_export_file(&folder, "api-deliveries-2026", "csv").unwrap();
        let (third, _) = create_export_file(&folder, "api-deliveries-2026", "csv").unwrap();
        assert_eq!(first.file_name().unwrap(), "api-deliveries-2026.csv");
        assert_eq!(second.file_name().unwrap(), "api-deliveries-2026-2.csv");
        assert_eq!(third.file_name().unwrap(), "api-deliveries-2026-3.csv");
        assert_eq!(std::fs::read(&first).unwrap(), b"kept");
    }

    #[cfg(unix)]
    #[test]
    fn an_export_is_readable_by_the_user_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = create_export_file(dir.path(), "api-destinations", "json").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
}
