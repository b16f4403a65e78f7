//! The registry import's reading of TOML and CSV: any bytes get an answer, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilskudd::import::{Source, parse_registry};

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the format, as the file name would.
    let Some((&format, bytes)) = data.split_first() else {
        return;
    };
    let name = if format % 2 == 0 {
        "fuzz.toml"
    } else {
        "fuzz.csv"
    };
    let _ = parse_registry(&[Source {
        name: name.into(),
        bytes: bytes.to_vec(),
    }]);
});
