//! Components: function components that render view models and emit `PageAction`s.

pub mod board;
pub mod controls;
pub mod event_log;
pub mod lesson_panel;
pub mod memo;
pub mod node_card;
pub mod nodes_panel;
pub mod plots;
pub mod service_panel;
pub mod task_chip;
pub mod terminal;
pub mod timeline;

/// A `class` attribute's text: the words present, in order, separated by spaces, as yew's
/// `classes!` joins them (its callers here never repeat a word, so its de-duplication has
/// nothing to do). `html!` still makes a `Classes` of the string, but in one step: building
/// one word by word (`classes!`'s pushes into its `IndexSet`) was 0.5 KB of the bundle
/// gzipped.
pub fn class_list<'a>(words: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let mut list = String::new();
    for word in words.into_iter().flatten() {
        if !list.is_empty() {
            list.push(' ');
        }
        list.push_str(word);
    }
    list
}

#[cfg(test)]
mod tests {
    use yew::prelude::*;

    use super::class_list;

    #[test]
    fn a_class_list_is_what_classes_makes() {
        let words = [Some("task-chip"), Some("running"), None, Some("stuck"), None];
        let ours = class_list(words);
        let yews = classes!("task-chip", "running", None::<&str>, Some("stuck"), None::<&str>);
        assert_eq!(ours, yews.to_string());
        assert_eq!(ours, "task-chip running stuck");
        assert_eq!(class_list([Some("mark"), None]), "mark");
    }
}
