//! `Shared`: an `Rc` that compares by identity.
//!
//! The page's state hands views a new `Rc` exactly when what it holds changed (the scrollback,
//! the event log), so identity is equality for them, and comparing by it costs nothing where
//! comparing contents costs a walk of every item, every frame. Holding the `Rc` (rather than
//! its address) keeps an old value's address from being reused by a new one.

use std::ops::Deref;
use std::rc::Rc;

#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Shared<T>) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<&Rc<T>> for Shared<T> {
    fn from(rc: &Rc<T>) -> Shared<T> {
        Shared(Rc::clone(rc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_by_identity_not_contents() {
        let a = Rc::new(vec![1, 2]);
        let b = Rc::new(vec![1, 2]);
        assert_eq!(Shared::from(&a), Shared::from(&a));
        assert_ne!(Shared::from(&a), Shared::from(&b));
    }
}
