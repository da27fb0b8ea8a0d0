//! Interruption: on SIGINT, SIGTERM or SIGHUP the temporary output files are removed and the
//! process exits with 128 + the signal number (130, 143, 129), as a shell reports a process
//! killed by it; on SIGXFSZ (the file size limit, `ulimit -f`, reached while writing) they are
//! removed and the process exits 1 with a message. A panic also removes them.

use super::output;

/// Install the handlers (a thread waiting for the signals) and the panic cleanup. Failing to
/// install them is not an error: the run goes on with the default behaviour.
pub fn install() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        output::discard_all_if_free();
        previous(info);
    }));
    install_signals();
}

#[cfg(unix)]
fn install_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGXFSZ])
    else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until exit: no rename can start after the files are removed.
                let _guard = output::discard_all();
                if signal == SIGXFSZ {
                    output::print_error(
                        "the output exceeds the file size limit (ulimit -f); nothing was written",
                    );
                    std::process::exit(1);
                }
                std::process::exit(128 + signal);
            }
        });
    drop(spawned);
}

#[cfg(not(unix))]
fn install_signals() {}
