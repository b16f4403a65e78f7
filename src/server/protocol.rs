//! The wire: a one-line handshake that names the protocol and program versions (so a
//! mismatch is told, whatever else changed), then length-prefixed JSON frames: four
//! bytes of big-endian length, then the JSON of one message.
//!
//! After the handshake the server sends one [`Welcome`]. The client then sends
//! [`ClientMessage`]s and gets one [`ServerMessage::Answer`] for each request; a
//! connection that sent [`ClientMessage::Subscribe`] gets [`ServerMessage::Notice`]s
//! instead, pushed after every change.

use std::io::{self, BufRead, Read, Write};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::User;
use crate::error::Error;
use crate::service::{Request, Response};

/// Bump on any change to the messages below or to what they carry.
pub const PROTOCOL: u32 = 3;

/// The program version, told in the handshake so a mismatch names both.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The largest frame either side accepts: an import of the largest files the import
/// reads, with room for JSON escaping.
pub const MAX_FRAME: usize = 320 * 1024 * 1024;

/// The largest request of any kind but an import: a reason of the longest kind is a
/// few dozen KiB. The server refuses more before reading it, so one request cannot
/// make it parse (and hold) a large document.
pub const SMALL_FRAME: usize = 1024 * 1024;

/// The longest handshake line read.
const MAX_HELLO: usize = 200;

/// The server's answer to a handshake: who the caller is, or why they may not come in.
pub type Welcome = Result<User, Error>;

#[derive(Debug, Serialize, Deserialize)]
pub enum ClientMessage {
    Request(Request),
    /// Turn this connection into a stream of change notices.
    Subscribe,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum ServerMessage {
    Answer(Box<Result<Response, Error>>),
    Notice(Notice),
    /// Sent on a quiet subscription now and then, so either side notices the other gone.
    Heartbeat,
}

/// Something changed: the change counter after it, who did it, and the cases touched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub changes: u64,
    pub by: String,
    pub cases: Vec<String>,
}

/// The handshake line this side sends.
pub fn hello() -> String {
    format!("tilskudd-protocol {PROTOCOL} {VERSION}\n")
}

/// Reads the other side's handshake line: its protocol and program version, or `None`
/// when it is not a tilskudd handshake at all.
pub fn read_hello(reader: &mut impl BufRead) -> io::Result<Option<(u32, String)>> {
    let mut line = Vec::new();
    reader.take(MAX_HELLO as u64).read_until(b'\n', &mut line)?;
    if line.is_empty() {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    let text = String::from_utf8_lossy(&line);
    let mut words = text.split_whitespace();
    Ok(match (words.next(), words.next(), words.next()) {
        (Some("tilskudd-protocol"), Some(protocol), Some(version)) => protocol
            .parse()
            .ok()
            .map(|p| (p, version.chars().take(40).collect())),
        _ => None,
    })
}

/// One message as the frame that carries it (its length, then its JSON), or, where it
/// is larger than a frame may be, how large: the sender can then say so instead of
/// sending nothing and waiting for an answer.
pub fn encode_frame<T: Serialize>(message: &T) -> Result<Vec<u8>, FrameError> {
    let mut frame = vec![0; 4];
    serde_json::to_writer(&mut frame, message).map_err(|e| FrameError::Io(io::Error::other(e)))?;
    let bytes = frame.len() - 4;
    if bytes > MAX_FRAME {
        return Err(FrameError::TooLarge {
            bytes,
            limit: MAX_FRAME,
        });
    }
    let length = u32::try_from(bytes).map_err(|e| FrameError::Io(io::Error::other(e)))?;
    frame[..4].copy_from_slice(&length.to_be_bytes());
    Ok(frame)
}

/// Writes one frame.
pub fn write_frame<T: Serialize>(writer: &mut impl Write, message: &T) -> io::Result<()> {
    let frame = encode_frame(message).map_err(|e| match e {
        FrameError::Io(e) => e,
        other => io::Error::new(io::ErrorKind::InvalidInput, format!("{other:?}")),
    })?;
    writer.write_all(&frame)?;
    writer.flush()
}

/// What can go wrong reading a frame.
#[derive(Debug)]
pub enum FrameError {
    /// The other side closed the connection between frames.
    Closed,
    Io(io::Error),
    /// JSON that is not the expected message.
    Garbled(String),
    /// A length over the limit the reader set; the body is left unread.
    TooLarge {
        bytes: usize,
        limit: usize,
    },
}

/// Reads one frame of at most [`MAX_FRAME`] bytes.
pub fn read_frame<T: DeserializeOwned>(reader: &mut impl Read) -> Result<T, FrameError> {
    let body = read_body(reader, MAX_FRAME)?;
    serde_json::from_slice(&body).map_err(|e| FrameError::Garbled(e.to_string()))
}

/// How every import request begins on the wire (`write_frame` of an import command).
const IMPORT_PREFIX: &[u8] = br#"{"Request":{"Execute":{"command":{"Import"#;

/// Reads one client message on the server. Past [`SMALL_FRAME`] only an import is
/// taken, and only from an admin (`large_allowed`): anything else that long is refused
/// before it is parsed, so no request makes the server build a large document.
pub fn read_request(
    reader: &mut impl Read,
    large_allowed: bool,
) -> Result<ClientMessage, FrameError> {
    let limit = if large_allowed {
        MAX_FRAME
    } else {
        SMALL_FRAME
    };
    let body = read_body(reader, limit)?;
    if body.len() > SMALL_FRAME && !body.starts_with(IMPORT_PREFIX) {
        return Err(FrameError::TooLarge {
            bytes: body.len(),
            limit: SMALL_FRAME,
        });
    }
    serde_json::from_slice(&body).map_err(|e| FrameError::Garbled(e.to_string()))
}

/// A frame's body of at most `limit` bytes; a longer one is refused before it is read.
fn read_body(reader: &mut impl Read, limit: usize) -> Result<Vec<u8>, FrameError> {
    let mut length = [0u8; 4];
    match reader.read_exact(&mut length) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Err(FrameError::Closed),
        Err(e) => return Err(FrameError::Io(e)),
    }
    let length = u32::from_be_bytes(length) as usize;
    if length > limit {
        return Err(FrameError::TooLarge {
            bytes: length,
            limit,
        });
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).map_err(FrameError::Io)?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;
    use crate::import::Source;
    use crate::service::Command;

    fn round_trip<T: Serialize + DeserializeOwned>(message: &T) -> T {
        let mut wire = Vec::new();
        write_frame(&mut wire, message).unwrap();
        read_frame(&mut wire.as_slice()).unwrap()
    }

    #[test]
    fn requests_cross_the_wire_whole() {
        let request = ClientMessage::Request(Request::Execute {
            command: Command::Allocate {
                reference: "INN-1".into(),
                pot: "a".into(),
                amount: Money::parse("450 000,50").unwrap(),
            },
            seen: Some(7),
        });
        let back = round_trip(&request);
        assert_eq!(format!("{back:?}"), format!("{request:?}"));
    }

    #[test]
    fn files_go_as_text_or_as_bytes() {
        for bytes in [b"[1, 2]".to_vec(), vec![0xff, 0xfe, b'a']] {
            let command = Command::ImportApplications {
                sources: vec![Source {
                    name: "a.json".into(),
                    bytes: bytes.clone(),
                }],
                replace: false,
            };
            let Command::ImportApplications { sources, .. } = round_trip(&command) else {
                panic!("wrong command back");
            };
            assert_eq!(sources[0].bytes, bytes);
        }
    }

    #[test]
    fn errors_cross_the_wire() {
        let answer = ServerMessage::Answer(Box::new(Err(Error::UnknownUser {
            login: "eve".into(),
            admins: vec!["tilskudd".into()],
        })));
        let back = round_trip(&answer);
        assert_eq!(format!("{back:?}"), format!("{answer:?}"));
    }

    #[test]
    fn a_closed_connection_and_an_oversized_frame_are_told_apart() {
        assert!(matches!(
            read_frame::<Notice>(&mut [].as_slice()),
            Err(FrameError::Closed)
        ));
        let huge = (u32::MAX).to_be_bytes();
        assert!(matches!(
            read_frame::<Notice>(&mut huge.as_slice()),
            Err(FrameError::TooLarge { .. })
        ));
    }

    #[test]
    fn only_an_import_may_be_large() {
        let big = "x".repeat(SMALL_FRAME);
        let import = ClientMessage::Request(Request::Execute {
            command: Command::ImportRounds {
                sources: vec![Source {
                    name: "a.toml".into(),
                    bytes: big.clone().into_bytes(),
                }],
            },
            seen: None,
        });
        let lookup = ClientMessage::Request(Request::Lookup { query: big });
        for (message, allowed, ok) in [
            (&import, true, true),
            (&import, false, false),
            (&lookup, true, false),
        ] {
            let mut wire = Vec::new();
            write_frame(&mut wire, message).unwrap();
            let read = read_request(&mut wire.as_slice(), allowed);
            assert_eq!(read.is_ok(), ok, "{allowed} {read:?}");
        }
    }

    #[test]
    fn handshakes_are_read_or_refused() {
        let mut ok = hello().into_bytes();
        ok.extend_from_slice(b"rest");
        let mut reader = std::io::BufReader::new(ok.as_slice());
        assert_eq!(
            read_hello(&mut reader).unwrap(),
            Some((PROTOCOL, VERSION.to_string()))
        );
        let mut http = std::io::BufReader::new(b"GET / HTTP/1.1\r\n".as_slice());
        assert_eq!(read_hello(&mut http).unwrap(), None);
    }
}
