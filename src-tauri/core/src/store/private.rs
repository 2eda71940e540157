//! Keeping the data folder and the database private to the user on Unix: the folder `0700`,
//! the database and its -wal and -shm files `0600`. Contacts, payloads and responses live
//! there; other accounts on the machine have no business reading them.

use std::io;
use std::path::Path;

/// Creates `folder` (and missing parents) as `0700`, and takes group and other access away
/// from an existing one.
pub fn create_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)?;
        tighten(folder);
        Ok(())
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(folder)
    }
}

/// Creates an empty database file as `0600` (an empty file is a valid, empty database).
pub fn create_file(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        // Created in between by another process: tightened below like any existing file.
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(err),
    }
}

/// Takes group and other access away from the database and its WAL files, which earlier
/// versions created with the umask's mode.
pub fn tighten_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        tighten(Path::new(&name));
    }
}

/// Clears the group and other bits. Best effort: a folder the user chose on a file system
/// without Unix modes (or one they do not own) must still open.
fn tighten(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode();
            if mode & 0o077 != 0 {
                let _ =
                    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o077));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}
