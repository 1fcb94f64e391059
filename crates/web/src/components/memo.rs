//! `Memo`: one component for the page's views that have no hooks of their own, each rendered
//! again only when its input changed.
//!
//! Every component type brings its own copy of yew's lifecycle code into the wasm (mounting,
//! creation, the comparison of its props, its scope: about 1.7 KB raw besides its view). A
//! view with no hooks needs nothing of a component but that comparison, so such views are
//! values (`View`) shown through the one component here, and the lifecycle code is there once.

use std::any::Any;
use std::rc::Rc;

use yew::prelude::*;
use yew::virtual_dom::{Key, VComp};

/// A view's input, which renders it; compared with the one rendered last to skip a render.
pub trait View: PartialEq + 'static {
    fn view(&self) -> Html;
}

/// A `View` of any type, comparable with another of any type (unequal when the types differ).
trait AnyView {
    fn view(&self) -> Html;
    fn as_any(&self) -> &dyn Any;
    fn same(&self, other: &dyn AnyView) -> bool;
}

impl<T: View> AnyView for T {
    fn view(&self) -> Html {
        View::view(self)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn same(&self, other: &dyn AnyView) -> bool {
        other.as_any().downcast_ref::<T>().is_some_and(|other| self == other)
    }
}

pub struct MemoProps(Box<dyn AnyView>);

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

#[function_component]
fn Memo(props: &MemoProps) -> Html {
    props.0.view()
}

/// `view` as a component of its own: rendered again only when it differs from the view last
/// shown in its place (`key` its place in a keyed list).
pub fn memo(view: impl View, key: Option<Key>) -> Html {
    VComp::new::<Memo>(Rc::new(MemoProps(Box::new(view))), key).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(PartialEq)]
    struct Word(&'static str);

    impl View for Word {
        fn view(&self) -> Html {
            html! { { self.0 } }
        }
    }

    #[derive(PartialEq)]
    struct Other(&'static str);

    impl View for Other {
        fn view(&self) -> Html {
            html! { { self.0 } }
        }
    }

    #[test]
    fn views_compare_by_type_and_value() {
        let props = |view: Box<dyn AnyView>| MemoProps(view);
        assert!(props(Box::new(Word("a"))) == props(Box::new(Word("a"))));
        assert!(props(Box::new(Word("a"))) != props(Box::new(Word("b"))));
        assert!(props(Box::new(Word("a"))) != props(Box::new(Other("a"))));
    }
}
