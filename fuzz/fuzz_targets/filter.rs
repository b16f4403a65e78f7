//! The review screen's filter query (`state:received pot:foster hamar`): never panics,
//! and a query it reads gives a filter that can be applied.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilskudd::service::ListFilter;

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let _ = ListFilter::default().parse_query(query);
});
