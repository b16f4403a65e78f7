//! Who is on the other end of a Unix socket, by the kernel's word: the peer's uid
//! (`SO_PEERCRED`), named by the system's user database (so LDAP users work too).

use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;

use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};
use nix::unistd::{Gid, Group, Uid, User};

/// The login name of the process at the other end of `stream`, or `uid N` when the
/// system has no name for it.
pub fn peer_login(stream: &UnixStream) -> std::io::Result<String> {
    Ok(login_of(peer_uid(stream)?))
}

/// The uid of the process at the other end of a socket.
pub fn peer_uid(socket: impl AsFd) -> std::io::Result<u32> {
    let credentials = getsockopt(&socket, PeerCredentials).map_err(std::io::Error::from)?;
    Ok(credentials.uid())
}

/// The uid this process runs as.
pub fn own_uid() -> u32 {
    Uid::current().as_raw()
}

/// The login name of a uid, where the user database has one; an error where it could
/// not be asked (out of open files, a directory service down), which is not the same
/// as "no such user".
pub fn name_of(uid: u32) -> std::io::Result<Option<String>> {
    User::from_uid(Uid::from_raw(uid))
        .map(|user| user.map(|u| u.name))
        .map_err(std::io::Error::from)
}

/// The login name of a uid, or `uid N`.
pub fn login_of(uid: u32) -> String {
    User::from_uid(Uid::from_raw(uid))
        .ok()
        .flatten()
        .map_or_else(|| format!("uid {uid}"), |user| user.name)
}

/// The login this process runs as: who `serve` makes its first admin.
pub fn own_login() -> String {
    login_of(Uid::current().as_raw())
}

/// The name of a group, for a message about who may connect.
pub fn group_name(gid: u32) -> Option<String> {
    Group::from_gid(Gid::from_raw(gid))
        .ok()
        .flatten()
        .map(|g| g.name)
}

/// Whether the other end of `stream` has closed it: a peek that does not wait finds the
/// end of the stream (or a reset). Nothing is read.
pub fn has_closed(stream: &UnixStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut byte = [0u8; 1];
    let closed = matches!(
        nix::sys::socket::recv(
            std::os::fd::AsRawFd::as_raw_fd(stream),
            &mut byte,
            nix::sys::socket::MsgFlags::MSG_PEEK
        ),
        Ok(0) | Err(nix::errno::Errno::ECONNRESET)
    );
    let _ = stream.set_nonblocking(false);
    closed
}
