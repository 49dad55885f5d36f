//! Which `Host` a request may name.
//!
//! A page on any web site can make the reader's browser talk to `127.0.0.1:1111` under a
//! name of its own that it later points at the loopback (DNS rebinding), and then read the
//! answers as if they were its own: unpublished drafts, error texts. The browser still sends
//! that name as `Host`, so the preview answers only to names that cannot be rebound:
//! `localhost` (and `*.localhost`, which browsers resolve to the loopback themselves), IP
//! literals that are the loopback or the `--bind` address (any IP literal when bound to all
//! addresses: no one can rebind a literal), and the names given with `--allow-host`.

use std::net::IpAddr;

/// The names and addresses the preview answers to.
#[derive(Debug, Clone)]
pub struct Hosts {
    bind: IpAddr,
    allowed: Vec<String>,
}

impl Hosts {
    pub fn new(bind: IpAddr, allowed: &[String]) -> Hosts {
        let allowed = allowed.iter().map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase()).collect();
        Hosts { bind, allowed }
    }

    /// Whether a request whose `Host` header is `host` (`name`, `name:port`, `[v6]:port`)
    /// is answered.
    pub fn allows(&self, host: &str) -> bool {
        let name = host_name(host).trim_end_matches('.').to_ascii_lowercase();
        if name.is_empty() {
            return false;
        }
        if let Ok(ip) = name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
            return ip.is_loopback() || ip == self.bind || self.bind.is_unspecified();
        }
        name == "localhost" || name.ends_with(".localhost") || self.allowed.contains(&name)
    }
}

/// The name part of a `Host` header: without the port, brackets kept for IPv6.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if host.starts_with('[') {
        return host.find(']').map_or(host, |i| &host[..=i]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !name.contains(':') => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_that_cannot_be_rebound() {
        let loopback = Hosts::new("127.0.0.1".parse().unwrap(), &["Preview.Example.org".into()]);
        for ok in [
            "127.0.0.1:1111",
            "localhost",
            "LOCALHOST:80",
            "app.localhost:1",
            "[::1]:1111",
            "127.0.0.2",
            "preview.example.org:1111",
            "preview.example.org.",
        ] {
            assert!(loopback.allows(ok), "{ok}");
        }
        for no in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "10.0.0.5:1111",
            "[::2]",
            "127.0.0.1.evil.example",
        ] {
            assert!(!loopback.allows(no), "{no}");
        }
        let lan = Hosts::new("192.168.1.5".parse().unwrap(), &[]);
        assert!(lan.allows("192.168.1.5:1111") && !lan.allows("192.168.1.6") && !lan.allows("box.lan"));
        let all = Hosts::new("0.0.0.0".parse().unwrap(), &[]);
        assert!(all.allows("10.1.2.3:1111") && !all.allows("rebound.example"));
    }
}
