//! `Store`: the one owner of a playground's `PageState`, outside Yew, so that the page's
//! components and the embedding API act on the same state, in the same order, synchronously.
//!
//! Yew's `use_reducer` keeps its state inside the component and runs its renders later (on the
//! microtask queue), so a caller outside the component could neither read what an action did
//! nor act before the first render. Here an action is reduced at once; the page is told to
//! re-render when the state's `version` moved, and the embedder is told something changed.
//! A headless playground (`Playground.create` in Node) is a store with no page.

use std::cell::RefCell;
use std::rc::Rc;

use yew::{Callback, Reducible};

use crate::page::{PageAction, PageState};

pub struct Store {
    state: RefCell<Rc<PageState>>,
    /// The mounted page's re-render, if a page shows this store.
    render: RefCell<Option<Callback<()>>>,
    /// Told after every action that changed what the page shows (the embedding API's events).
    on_change: RefCell<Option<Callback<()>>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("version", &self.state.borrow().version()).finish()
    }
}

/// A store is itself: two are equal only if they are the same one.
impl PartialEq for Store {
    fn eq(&self, other: &Store) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Store {
    pub fn new(state: PageState) -> Rc<Store> {
        Rc::new(Store {
            state: RefCell::new(Rc::new(state)),
            render: RefCell::default(),
            on_change: RefCell::default(),
        })
    }

    /// The state now (cheap: an `Rc`).
    pub fn state(&self) -> Rc<PageState> {
        Rc::clone(&self.state.borrow())
    }

    /// Reduces `action` at once; re-renders the page and tells the embedder if anything shown
    /// changed. Re-entrant: nothing is borrowed while the reducer or the callbacks run.
    pub fn dispatch(&self, action: PageAction) {
        let before = self.state();
        let after = Rc::clone(&before).reduce(action);
        let changed = after.version() != before.version();
        *self.state.borrow_mut() = after;
        if changed {
            let render = self.render.borrow().clone();
            if let Some(render) = render {
                render.emit(());
            }
            let on_change = self.on_change.borrow().clone();
            if let Some(on_change) = on_change {
                on_change.emit(());
            }
        }
    }

    /// The page showing this store: its re-render (replaced on every render, so the newest
    /// component is the one told).
    pub fn set_render(&self, render: Option<Callback<()>>) {
        *self.render.borrow_mut() = render;
    }

    pub fn set_on_change(&self, on_change: Option<Callback<()>>) {
        *self.on_change.borrow_mut() = on_change;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn actions_apply_at_once_and_tell_only_when_something_changed() {
        let store = Store::new(PageState::default());
        let renders = Rc::new(Cell::new(0));
        let counted = Rc::clone(&renders);
        store.set_render(Some(Callback::from(move |()| counted.set(counted.get() + 1))));
        let version = store.state().version();
        store.dispatch(PageAction::Type("docker node ls".into()));
        assert!(store.state().version() > version, "the line is typed at once");
        assert_eq!(renders.get(), 1);
        store.dispatch(PageAction::SetPaused(true));
        let paused = store.state().version();
        let renders_paused = renders.get();
        store.dispatch(PageAction::Frame(10_000.0));
        store.dispatch(PageAction::Frame(20_000.0));
        assert_eq!(store.state().version(), paused, "paused frames change nothing");
        assert_eq!(renders.get(), renders_paused, "and re-render nothing");
    }
}
