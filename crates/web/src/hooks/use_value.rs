//! `use_value`: yew's `use_state` for a value of any type, in one instantiation of yew's state
//! hook for all of them.
//!
//! Yew's state hook is generic over the state's type and its initialiser, so each state of
//! its own type brought a copy of the hook's code into the wasm (about 0.2 KB gzipped each).
//! Here the state is held as an `Rc<dyn Any>`: one copy of the hook's code, and per type only
//! a downcast.

use std::any::Any;
use std::marker::PhantomData;
use std::ops::Deref;
use std::rc::Rc;

use yew::prelude::*;

/// A state's value as of this render, and its setter: as `UseStateHandle<T>`.
pub struct ValueHandle<T> {
    state: UseStateHandle<Rc<dyn Any>>,
    kind: PhantomData<T>,
}

impl<T> Clone for ValueHandle<T> {
    fn clone(&self) -> ValueHandle<T> {
        ValueHandle { state: self.state.clone(), kind: PhantomData }
    }
}

impl<T: 'static> Deref for ValueHandle<T> {
    type Target = T;

    fn deref(&self) -> &T {
        (**self.state).downcast_ref().expect("a state keeps its type")
    }
}

impl<T: 'static> ValueHandle<T> {
    /// Replaces the value and renders the component again, as `UseStateHandle::set`.
    pub fn set(&self, value: T) {
        self.state.set(Rc::new(value));
    }
}

/// The state behind every `use_value`: its initialiser boxed, so there is one type of it.
#[hook]
fn use_any(init: Box<dyn FnOnce() -> Rc<dyn Any>>) -> UseStateHandle<Rc<dyn Any>> {
    use_state(init)
}

/// A state of the component, `init()` at first, as `use_state`.
#[hook]
pub fn use_value<T: 'static>(init: impl FnOnce() -> T + 'static) -> ValueHandle<T> {
    let state = use_any(Box::new(move || Rc::new(init()) as Rc<dyn Any>));
    ValueHandle { state, kind: PhantomData }
}
