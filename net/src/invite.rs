//! What a pairing QR code or link carries: the core's one-time code, the inviting device's
//! endpoint id, its addresses on the local network and the relay it uses, so the joiner can
//! reach it without typing anything.

use crate::NetError;

const SCHEME: &str = "kith:pair/";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub code: String,
    pub endpoint: String,
    pub relay: Option<String>,
    /// Direct addresses (`IP:port`) the inviting device listens on.
    pub addrs: Vec<std::net::SocketAddr>,
}

impl Invite {
    /// `kith:pair/CODE@ENDPOINT[?addr=IP:PORT,…][&relay=URL]`; the relay URL goes last, whole.
    pub fn encode(&self) -> String {
        let mut query = Vec::new();
        if !self.addrs.is_empty() {
            query.push(format!(
                "addr={}",
                self.addrs.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
            ));
        }
        if let Some(r) = &self.relay {
            query.push(format!("relay={r}"));
        }
        let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
        format!("{SCHEME}{}@{}{query}", self.code, self.endpoint)
    }

    pub fn parse(text: &str) -> Result<Invite, NetError> {
        let bad = || NetError::Kith(kith_core::InvalidInput::UnknownValue { field: "pairing invite" }.into());
        let rest = text.trim().strip_prefix(SCHEME).ok_or_else(bad)?;
        let (head, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (mut addrs, mut relay) = (Vec::new(), None);
        let mut query = query;
        while !query.is_empty() {
            if let Some(r) = query.strip_prefix("relay=") {
                relay = Some(r.to_string());
                break;
            }
            let (part, rest) = query.split_once('&').unwrap_or((query, ""));
            let list = part.strip_prefix("addr=").ok_or_else(bad)?;
            addrs = list.split(',').map(|a| a.parse().map_err(|_| bad())).collect::<Result<_, _>>()?;
            query = rest;
        }
        let (code, endpoint) = head.rsplit_once('@').ok_or_else(bad)?;
        let hex = endpoint.len() == 64 && endpoint.chars().all(|c| c.is_ascii_hexdigit());
        if code.is_empty() || !hex {
            return Err(bad());
        }
        Ok(Invite { code: code.to_string(), endpoint: endpoint.to_ascii_lowercase(), relay, addrs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_round_trips_and_junk_is_refused() {
        let invite = Invite {
            code: "K7QF-92MX".into(),
            endpoint: "ab".repeat(32),
            relay: Some("http://10.0.0.2:3340/?x=1&y=2".into()),
            addrs: vec!["192.168.1.20:41234".parse().unwrap(), "[fe80::1]:41234".parse().unwrap()],
        };
        assert_eq!(Invite::parse(&invite.encode()).unwrap(), invite);
        let direct = Invite { relay: None, ..invite.clone() };
        assert_eq!(Invite::parse(&direct.encode()).unwrap(), direct);
        let relay_only = Invite { addrs: Vec::new(), ..invite };
        assert_eq!(Invite::parse(&relay_only.encode()).unwrap(), relay_only);
        for junk in [
            "",
            "kith:pair/",
            "kith:pair/code@xyz",
            "https://example.com",
            "kith:pair/@",
            "kith:pair/c@abababababababababababababababababababababababababababababababab?addr=nope",
        ] {
            assert!(Invite::parse(junk).is_err(), "{junk}");
        }
    }
}
