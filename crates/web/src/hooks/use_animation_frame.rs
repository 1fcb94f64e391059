//! `use_animation_frame`: calls back on every animation frame with the frame's timestamp.
//!
//! The only place the page reads the wall clock. The frame loop lives as long as the component
//! and is cancelled when it unmounts (the handle is dropped, never `forget`ed).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{AnimationFrame, request_animation_frame};
use yew::prelude::*;

/// The pending frame, and the one whose callback is running (kept alive until the next frame,
/// so a closure is never dropped while it runs).
#[derive(Default)]
struct FrameSlots {
    pending: Option<AnimationFrame>,
    running: Option<AnimationFrame>,
}

fn request_next(slots: Rc<RefCell<FrameSlots>>, on_frame: Callback<f64>) {
    let next_slots = Rc::clone(&slots);
    let frame = request_animation_frame(move |timestamp_ms| {
        {
            let mut s = next_slots.borrow_mut();
            s.running = s.pending.take();
        }
        on_frame.emit(timestamp_ms);
        request_next(next_slots, on_frame);
    });
    slots.borrow_mut().pending = Some(frame);
}

/// Runs `on_frame(timestamp_ms)` on every animation frame while the component is mounted.
#[hook]
pub fn use_animation_frame(on_frame: Callback<f64>) {
    use_effect_with((), move |_| {
        let slots = Rc::new(RefCell::new(FrameSlots::default()));
        request_next(Rc::clone(&slots), on_frame);
        move || {
            // Dropping the pending frame cancels it; the loop ends here.
            let mut s = slots.borrow_mut();
            s.pending = None;
            s.running = None;
        }
    });
}
