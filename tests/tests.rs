//! One integration-test binary: the real `tilskudd` on temporary databases.

#[macro_use]
mod util;

mod accounts;
mod cases;
mod closing;
mod concurrency;
mod crash;
mod files;
mod follow_up;
mod hostile;
mod hostile_client;
mod import;
mod lookup;
mod overview;
mod server;
mod tables;
mod tui;
