//! Progress of long runs on standard error: a bar on a terminal; plain periodic lines with an
//! estimate of the time left when standard error is a file or a pipe (batch jobs log to
//! files). Short runs print nothing.

use housing_sim::run::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Seconds between two progress lines (and before the first).
const LINE_EVERY: Duration = Duration::from_secs(10);

/// How progress is shown.
pub(crate) enum Report {
    /// A bar on a terminal.
    Bar(ProgressBar),
    /// Lines on a file or pipe: when the run started and when the last line was written.
    Lines {
        start: Instant,
        last: Mutex<Instant>,
    },
}

impl Report {
    /// Progress of `total` replications on standard error.
    pub(crate) fn new(total: u64) -> Report {
        if !std::io::stderr().is_terminal() {
            let now = Instant::now();
            return Report::Lines {
                start: now,
                last: Mutex::new(now),
            };
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} replications ({eta} left)",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        Report::Bar(bar)
    }

    /// The run is over: clear the bar.
    pub(crate) fn finish(&self) {
        if let Report::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Report {
    fn advance(&self, done: u64, total: u64) {
        match self {
            Report::Bar(bar) => {
                // An analysis may learn its total as it goes (the planner's search).
                if bar.length() != Some(total) {
                    bar.set_length(total);
                }
                bar.set_position(done)
            }
            Report::Lines { start, last } => {
                let Ok(mut last) = last.lock() else { return };
                if last.elapsed() < LINE_EVERY {
                    return;
                }
                *last = Instant::now();
                let _ = writeln!(std::io::stderr(), "{}", line(start.elapsed(), done, total));
            }
        }
    }
}

/// `progress: 1200/10000 replications (12 %), 0:00:30 elapsed, about 0:03:40 left`.
fn line(elapsed: Duration, done: u64, total: u64) -> String {
    let secs = elapsed.as_secs_f64();
    let left = if done > 0 {
        secs * (total.saturating_sub(done)) as f64 / done as f64
    } else {
        f64::NAN
    };
    let clock = |s: f64| {
        if !s.is_finite() {
            return "?".to_owned();
        }
        let s = s.round() as u64;
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    };
    format!(
        "progress: {done}/{total} replications ({:.0} %), {} elapsed, about {} left",
        100.0 * done as f64 / total.max(1) as f64,
        clock(secs),
        clock(left)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_progress_line_has_an_estimate_of_the_time_left() {
        let l = line(Duration::from_secs(30), 1_000, 5_000);
        assert_eq!(
            l,
            "progress: 1000/5000 replications (20 %), 0:00:30 elapsed, about 0:02:00 left"
        );
        assert!(line(Duration::ZERO, 0, 10).ends_with("about ? left"));
    }
}
