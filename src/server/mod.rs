//! The shared server: one process owns the database and answers clients on a Unix
//! socket, knowing each client by the kernel's word (peer credentials), not its own.
//!
//! - [`protocol`]: the handshake and the frames on the wire;
//! - [`peer`]: who is on the other end of a socket;
//! - [`serve`]: the server;
//! - [`client`]: [`RemoteSession`], a [`crate::service::Session`] over the socket.

pub mod client;
pub mod gate;
pub mod peer;
pub mod protocol;
pub mod serve;

pub use client::RemoteSession;
pub use gate::Limits;
pub use serve::{ServeOptions, serve};
