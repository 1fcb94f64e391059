//! `Memo`: one component for all of the page's views, the app's included, each rendered again
//! only when its input changed.
//!
//! Every component type brings its own copy of yew's lifecycle code into the wasm (mounting,
//! creation, the comparison of its props, its scope: about 1.7 KB raw besides its view). The
//! page's views are instead values (`View`) shown through the one component here, so the
//! lifecycle code is there once; a view's hooks run in the component's hook context.
//!
//! Yew keeps a component's hook states by place and would take two views at one place for the
//! same component, the second running the first's hooks (a trap). So a view without a key of
//! its own is keyed by its type: at one place (an `if`/`else` or a `match` between two views),
//! views of two types are two components to yew. A list keys its views itself; a list's views
//! are of one type.

use std::any::Any;
use std::rc::Rc;

use yew::functional::{Hook, HookContext};
use yew::prelude::*;
use yew::virtual_dom::{Key, VComp};

/// A view's input, which renders it; compared with the one rendered last to skip a render.
/// `hooks` is its component's, for a view with hooks: `use_view(self).run(hooks)`, where
/// `use_view` is a `#[hook]` (a view without hooks leaves it).
pub trait View: PartialEq + 'static {
    fn view(&self, hooks: &mut HookContext) -> Html;
}

/// A `View` of any type, comparable with another of any type (unequal when the types differ).
trait AnyView {
    fn view(&self, hooks: &mut HookContext) -> Html;
    fn as_any(&self) -> &dyn Any;
    fn same(&self, other: &dyn AnyView) -> bool;
}

impl<T: View> AnyView for T {
    fn view(&self, hooks: &mut HookContext) -> Html {
        View::view(self, hooks)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn same(&self, other: &dyn AnyView) -> bool {
        other.as_any().downcast_ref::<T>().is_some_and(|other| self == other)
    }
}

pub struct MemoProps(Box<dyn AnyView>);

impl MemoProps {
    /// `view` as the props of a `Memo` that yew mounts itself (the app's root).
    pub fn of(view: impl View) -> MemoProps {
        MemoProps(Box::new(view))
    }
}

impl PartialEq for MemoProps {
    fn eq(&self, other: &MemoProps) -> bool {
        self.0.same(&*other.0)
    }
}

/// Built by `memo` only, never by `html!`: no builder.
impl Properties for MemoProps {
    type Builder = ();
    fn builder() {}
}

/// The one component: its view, run as a hook of its own, gets the hook context.
#[function_component]
pub fn Memo(props: &MemoProps) -> Html {
    use_view(&*props.0)
}

/// A view rendered with the component's hook context (`#[function_component]` runs a call
/// named `use_…` as a hook with it).
fn use_view(view: &dyn AnyView) -> UseView<'_> {
    UseView(view)
}

struct UseView<'a>(&'a dyn AnyView);

impl Hook for UseView<'_> {
    type Output = Html;

    fn run(self, hooks: &mut HookContext) -> Html {
        self.0.view(hooks)
    }
}

/// `view` as a component of its own: rendered again only when it differs from the view last
/// shown in its place (`key` its place in a keyed list).
pub fn memo<V: View>(view: V, key: Option<Key>) -> Html {
    let key = key.unwrap_or_else(|| Key::from(std::any::type_name::<V>()));
    memo_boxed(Box::new(view), Some(key))
}

/// `memo`'s work but the boxing, once for all views.
#[inline(never)]
fn memo_boxed(view: Box<dyn AnyView>, key: Option<Key>) -> Html {
    VComp::new::<Memo>(Rc::new(MemoProps(view)), key).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(PartialEq)]
    struct Word(&'static str);

    impl View for Word {
        fn view(&self, _: &mut HookContext) -> Html {
            html! { { self.0 } }
        }
    }

    #[derive(PartialEq)]
    struct Other(&'static str);

    impl View for Other {
        fn view(&self, _: &mut HookContext) -> Html {
            html! { { self.0 } }
        }
    }

    #[test]
    fn a_view_without_a_key_is_keyed_by_its_type() {
        // Two views at one place are then two components to yew: neither runs the other's
        // hooks.
        let word = memo(Word("a"), None);
        let other = memo(Other("a"), None);
        assert!(word.key().is_some() && other.key().is_some());
        assert_ne!(word.key(), other.key());
        assert_eq!(word.key(), memo(Word("b"), None).key());
        assert_eq!(memo(Word("a"), Some(Key::from("w1"))).key(), Some(&Key::from("w1")));
    }

    #[test]
    fn views_compare_by_type_and_value() {
        let props = |view: Box<dyn AnyView>| MemoProps(view);
        assert!(props(Box::new(Word("a"))) == props(Box::new(Word("a"))));
        assert!(props(Box::new(Word("a"))) != props(Box::new(Word("b"))));
        assert!(props(Box::new(Word("a"))) != props(Box::new(Other("a"))));
    }
}
