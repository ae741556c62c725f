//! `kith relay`: iroh's own relay server, run by the user on any small machine, admitting only
//! the endpoints it is told to (the account's paired devices). It forwards QUIC packets it
//! cannot read; it is never a server run by us.

use std::net::SocketAddr;
use std::sync::Arc;

use iroh::EndpointId;
use iroh_relay::server::{Access, AccessControl, ClientRequest, RelayConfig, Server, ServerConfig};

use crate::NetError;

/// Decides, per connecting endpoint, whether the relay serves it.
pub type Admit = Arc<dyn Fn(&str) -> bool + Send + Sync>;

struct Gate(Admit);

impl std::fmt::Debug for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Gate")
    }
}

impl AccessControl for Gate {
    async fn on_connect(&self, request: &ClientRequest) -> Access {
        let id: EndpointId = request.endpoint_id();
        if (self.0)(&id.to_string()) {
            Access::Allow
        } else {
            Access::Deny { reason: Some("this relay serves only the devices of one Kith account".into()) }
        }
    }
}

pub struct Relay {
    server: Server,
}

impl Relay {
    /// Serves on `listen` over plain HTTP (the traffic it forwards is end-to-end encrypted
    /// QUIC; put it behind a TLS proxy to also hide which endpoints connect).
    pub async fn spawn(listen: SocketAddr, admit: Admit) -> Result<Relay, NetError> {
        let mut relay = RelayConfig::new(listen);
        relay.access = Arc::new(Gate(admit));
        let mut config = ServerConfig::default();
        config.relay = Some(relay);
        let server = Server::spawn(config).await.map_err(|e| NetError::Bind(e.to_string()))?;
        Ok(Relay { server })
    }

    /// The URL devices put in their settings.
    pub fn url(&self) -> String {
        self.server.http_addr().map(|a| format!("http://{a}")).unwrap_or_default()
    }

    pub async fn shutdown(self) {
        let _ = self.server.shutdown().await;
    }
}
