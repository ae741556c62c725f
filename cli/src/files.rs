//! Reading and writing the user's files: reads stop at a limit before memory grows (a 3 GB
//! file, or `/dev/zero`, is refused after reading one byte past the limit), writes go beside
//! the target and are renamed, so a failed write never leaves half a file.

use std::io::Read;
use std::path::Path;

use kith_core::{Error, InvalidInput};

/// The whole file, or `FileTooLarge` once it passes `limit` bytes.
pub fn read_bounded(path: &Path, limit: usize) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(InvalidInput::FileTooLarge { limit_mb: (limit >> 20) as u32 }.into());
    }
    Ok(bytes)
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}
