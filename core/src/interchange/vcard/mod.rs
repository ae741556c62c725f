//! vCard: a lenient reader for 2.1 / 3.0 / 4.0 and a writer for 3.0 and 4.0.

mod read;
mod write;

pub use read::read;
pub use write::{Version, write, write_card};
