//! The progress bar of batch runs on a terminal (drawn on stderr).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::immutable_id::{Progress, UserReport};

/// A progress bar, or nothing when no one is watching.
pub(crate) struct Bar(Option<ProgressBar>);

impl Bar {
    /// A bar on stderr when `visible`, else an inert one.
    pub(crate) fn new(visible: bool) -> Self {
        if !visible {
            return Bar(None);
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} users {msg} ({eta})")
        {
            bar.set_style(style);
        }
        Bar(Some(bar))
    }

    /// Removes the bar from the screen.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
        }
    }

    fn done(&self, user: &UserReport) {
        if let Some(bar) = &self.0 {
            bar.set_message(user.outcome.to_string());
            bar.inc(1);
        }
    }
}
