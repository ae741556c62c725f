//! Frames on a QUIC stream: a 4-byte length, then the core's sealed frame. Each frame must
//! arrive whole within the deadline, so a silent peer cannot hold a session open.

use std::time::Duration;

use iroh::endpoint::{RecvStream, SendStream};
use kith_core::sync::SyncError;

use crate::NetError;

/// The largest sealed frame accepted (the core's biggest change plus sealing).
pub const MAX_WIRE: usize = 5 * 1024 * 1024;
pub const FRAME_TIMEOUT: Duration = Duration::from_secs(30);

fn broken(e: impl std::fmt::Display) -> NetError {
    NetError::Connection(e.to_string())
}

pub async fn send(stream: &mut SendStream, frame: &[u8]) -> Result<(), NetError> {
    stream.write_all(&(frame.len() as u32).to_be_bytes()).await.map_err(broken)?;
    stream.write_all(frame).await.map_err(broken)
}

/// The next frame, or `None` once the peer finished its side of the stream.
pub async fn recv(stream: &mut RecvStream) -> Result<Option<Vec<u8>>, NetError> {
    let read = async {
        let mut len = [0u8; 4];
        match stream.read_exact(&mut len).await {
            Ok(()) => {}
            Err(iroh::endpoint::ReadExactError::FinishedEarly(0)) => return Ok(None),
            Err(e) => return Err(broken(e)),
        }
        let len = u32::from_be_bytes(len) as usize;
        if len > MAX_WIRE {
            return Err(NetError::Kith(SyncError::FrameTooLarge { size: len }.into()));
        }
        let mut buf = vec![0u8; len];
        stream.read_exact(&mut buf).await.map_err(broken)?;
        Ok(Some(buf))
    };
    tokio::time::timeout(FRAME_TIMEOUT, read).await.map_err(|_| NetError::Timeout(FRAME_TIMEOUT.as_secs()))?
}
