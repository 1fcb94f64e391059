//! `Job`: a command line still running, and what it waits on: docker's progress displays
//! (polled every 200 ms of simulated time, as the docker CLI polls), a `sleep`, or a `sim step`
//! running to the next event.

use swarm_core::{SimDuration, SimTime};

use crate::format::progress::{POLL_INTERVAL, Poll, Progress};
use crate::shell::{Output, PROGRESS_WAIT_MAX, Shell, Stream, Wait};

/// A running command line.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// Printed since the line started waiting: finished displays, errors.
    printed: Output,
    /// A progress display ended in an error (the update paused, a task failed).
    wait_failed: bool,
    /// The command itself failed: at once, or in the errors it prints after its displays.
    command_failed: bool,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    /// docker's progress displays, one after the other.
    Progress {
        /// The displays still to show, in order (a few: one per service a line scales), in a
        /// plain list rather than a `VecDeque`, whose code would be one more type in the wasm.
        waits: Vec<Wait>,
        /// The display being polled: when it started, and whether it is quiet (`-q`).
        current: Option<Box<(Progress, SimTime, bool)>>,
        /// What the command prints once its displays are done.
        after_waits: Vec<(Stream, String)>,
        next_poll: SimTime,
    },
    /// `sleep`, or `sim step`: done at `until`.
    Until { until: SimTime, step: Option<usize> },
}

/// How a poll left the job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Progressed {
    Waiting,
    /// Done: what it printed after it started waiting, its exit code, for a `sim step`
    /// where in the event log its events start, and whether only a display failed (the
    /// command itself was carried out in full).
    Done {
        output: Output,
        step: Option<usize>,
        wait_failed: bool,
    },
}

impl Job {
    /// A command waiting on progress displays; polled at once.
    pub(crate) fn progress(shell: &Shell, output: &mut Output) -> (Job, Progressed) {
        let mut job = Job {
            printed: Output { exit_code: output.exit_code, ..Output::default() },
            wait_failed: false,
            command_failed: output.exit_code != 0,
            kind: Kind::Progress {
                waits: std::mem::take(&mut output.waits),
                current: None,
                after_waits: std::mem::take(&mut output.after_waits),
                next_poll: shell.cluster.now(),
            },
        };
        output.exit_code = 0;
        let progressed = job.poll(shell);
        (job, progressed)
    }

    /// A `sleep` (`step: None`) or a `sim step` whose events start at `step` in the log.
    pub(crate) fn until(until: SimTime, step: Option<usize>) -> Job {
        Job {
            printed: Output::default(),
            wait_failed: false,
            command_failed: false,
            kind: Kind::Until { until, step },
        }
    }

    /// When the job next needs the clock: its next poll, or its end.
    pub(crate) fn due(&self) -> SimTime {
        match &self.kind {
            Kind::Progress { next_poll, .. } => *next_poll,
            Kind::Until { until, .. } => *until,
        }
    }

    /// Whether time may jump straight to the job's end (a `sleep`, a `sim step`): nothing is
    /// shown on the way.
    pub(crate) fn is_plain_wait(&self) -> bool {
        matches!(self.kind, Kind::Until { .. })
    }

    /// What the running line shows now below what it printed at once: finished displays and
    /// the live one.
    pub(crate) fn screen(&self) -> String {
        let mut text = self.printed.text();
        if let Kind::Progress { current: Some(current), .. } = &self.kind
            && let (progress, _, false) = current.as_ref()
        {
            text.push_str(&progress.screen());
        }
        text
    }

    /// Looks at the swarm now, if the job is due.
    pub(crate) fn poll(&mut self, shell: &Shell) -> Progressed {
        let now = shell.cluster.now();
        match self.kind {
            Kind::Until { until, step } if now >= until => self.done(step),
            Kind::Until { .. } => Progressed::Waiting,
            Kind::Progress { .. } => self.poll_progress(shell, now),
        }
    }

    fn poll_progress(&mut self, shell: &Shell, now: SimTime) -> Progressed {
        loop {
            let Kind::Progress { waits, current, next_poll, .. } = &mut self.kind else {
                unreachable!("poll_progress polls progress jobs")
            };
            if *next_poll > now {
                return Progressed::Waiting;
            }
            if current.is_none() {
                if waits.is_empty() {
                    return self.done(None);
                }
                let wait = waits.remove(0);
                let progress =
                    Progress::new(wait.service, &wait.shown_as, shell.dialect, shell.columns);
                *current = Some(Box::new((progress, now, wait.quiet)));
            }
            let (progress, started, _) = &mut **current.as_mut().expect("set above");
            let service = progress.service();
            let snapshot = shell.cluster.service_snapshot(service);
            let monitor = shell
                .cluster
                .service_record(service)
                .map_or(SimDuration::ZERO, |s| s.spec.update.monitor);
            match progress.poll(&snapshot, monitor) {
                Poll::Waiting if now.saturating_since(*started) >= PROGRESS_WAIT_MAX => {
                    progress.interrupt();
                    self.finish_current(None);
                }
                Poll::Waiting => {
                    *next_poll = now + POLL_INTERVAL;
                    return Progressed::Waiting;
                }
                Poll::Done => self.finish_current(None),
                Poll::Failed(error) => self.finish_current(Some(error)),
            }
            // The next display, if any, starts at once.
        }
    }

    /// Ctrl-C: the command stops waiting (the operation goes on in the swarm).
    pub(crate) fn interrupt(&mut self) -> Progressed {
        if let Kind::Progress { waits, current, .. } = &mut self.kind {
            waits.clear();
            if let Some(current) = current.as_mut() {
                current.0.interrupt();
            }
            self.finish_current(None);
        }
        let step = match &self.kind {
            Kind::Until { step, .. } => *step,
            Kind::Progress { .. } => None,
        };
        // A stepped-over stretch is cut short: what happened so far is still printed.
        match self.done(step) {
            Progressed::Done { mut output, step, wait_failed } => {
                output.out("^C\n");
                Progressed::Done { output, step, wait_failed }
            }
            Progressed::Waiting => unreachable!("done is done"),
        }
    }

    /// The current display is done: its last screen stays.
    fn finish_current(&mut self, error: Option<String>) {
        let Kind::Progress { current, .. } = &mut self.kind else { return };
        if let Some(current) = current.take()
            && let (progress, _, false) = *current
        {
            self.printed.out(progress.screen());
        }
        if let Some(error) = error {
            self.printed.fail(error);
            self.wait_failed = true;
        }
    }

    fn done(&mut self, step: Option<usize>) -> Progressed {
        let mut output = std::mem::take(&mut self.printed);
        if let Kind::Progress { after_waits, .. } = &mut self.kind {
            for (stream, text) in std::mem::take(after_waits) {
                match stream {
                    Stream::Stdout => output.out(text),
                    Stream::Stderr => {
                        output.push(Stream::Stderr, text);
                        self.command_failed = true;
                        if output.exit_code == 0 {
                            output.exit_code = 1;
                        }
                    }
                }
            }
        }
        // Only a command carried out in full failed in its wait alone.
        let wait_failed = self.wait_failed && !self.command_failed;
        Progressed::Done { output, step, wait_failed }
    }
}
