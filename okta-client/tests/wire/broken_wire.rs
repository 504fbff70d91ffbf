//! A TCP server that misbehaves below HTTP on purpose: it resets the connection, closes it
//! before answering, sends a body shorter than its `Content-Length`, or never answers. axum
//! cannot be made to do these, so the double speaks HTTP/1.1 by hand. One request per
//! connection (`Connection: close`), so connection number N is request number N.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one connection.
#[derive(Debug, Clone)]
pub enum Act {
    /// Read the request, then reset the connection (RST, via SO_LINGER 0).
    Reset,
    /// Read the request, then close the connection without a byte of answer.
    Close,
    /// Answer 200 with `Content-Length` of the whole body but send only its first half.
    Truncate(&'static str),
    /// Read the request and never answer (until the client gives up; at most 30 s).
    Hang,
    /// Answer this status with this JSON body.
    Answer(u16, &'static str),
}

/// A running broken server.
pub struct BrokenWire {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl BrokenWire {
    /// Serves connection `i` with `script(i)`.
    pub async fn start(script: impl Fn(usize) -> Act + Send + Sync + 'static) -> BrokenWire {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let script = Arc::new(script);
        tokio::spawn(async move {
            for index in 0.. {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (seen, script) = (Arc::clone(&seen), Arc::clone(&script));
                tokio::spawn(async move { serve(stream, script(index), seen).await });
            }
        });
        BrokenWire { base, requests }
    }

    /// The request heads received so far (request line and headers).
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("lock").clone()
    }
}

async fn serve(mut stream: TcpStream, act: Act, seen: Arc<Mutex<Vec<String>>>) {
    let Some(head) = read_request(&mut stream).await else {
        return;
    };
    seen.lock().expect("lock").push(head);
    match act {
        Act::Reset => {
            let _ = stream.set_zero_linger();
            drop(stream);
        }
        Act::Close => {
            let _ = stream.shutdown().await;
        }
        Act::Truncate(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 connection: close\r\n\r\n",
                body.len()
            );
            let half = &body.as_bytes()[..body.len() / 2];
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(half).await;
            let _ = stream.flush().await;
            let _ = stream.shutdown().await;
        }
        Act::Hang => {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Act::Answer(status, body) => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 x-okta-request-id: wire-{status}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    }
}

/// Reads a request head and its `Content-Length` body; `None` when the client went away.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 1 << 20 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut have = buf.len() - head_end;
    while have < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        have += n;
    }
    Some(head)
}
