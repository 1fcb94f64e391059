//! Reading the objects of lesson files and share links through one shared serde visitor,
//! rather than one derived visitor per type: each derived `Deserialize` instantiated serde_json's
//! map and sequence readers for its own type and each of its `Vec<T>` fields (about 3 KB of
//! wasm each). Here a type only describes itself (a `Shape`: its name and fields) and hands out
//! a `Slot` per field; `read` does the rest, once for all of them.
//!
//! It reads exactly as serde's derive does, through the same serde_json calls in the same
//! order, so the errors have the same words and positions (which `Lesson::parse` turns into a
//! line and a field's path): `deserialize_struct` for a struct (an object, or an array of its
//! fields in order), `deserialize_seq` for a `Vec`, `deserialize_enum` for an enum, a duplicate
//! field refused when its key is read, missing fields after the object's last, in order.

use std::fmt;

use serde::Deserialize;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, Error as _, IgnoredAny, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

use swarm_core::KeyValues;

use crate::lesson::{Checkpoint, FlatCheckpoint};
use crate::share::Source;

/// A struct as serde's derive describes it.
pub struct Shape {
    /// The type's name: `struct Lesson` in errors.
    pub name: &'static str,
    /// The fields' names in JSON, in declaration order (at most 32).
    pub fields: &'static [&'static str],
    /// Bit `i`: field `i` has no default, and missing is an error; but a missing `Option`
    /// (a `Maybe…` slot) is `None` in an object, as serde's derive reads one, and only an array
    /// must give it.
    pub required: u32,
    /// Whether fields not in `fields` are an error (`deny_unknown_fields`) or ignored.
    pub deny_unknown: bool,
}

/// A type read as a struct: its shape and, per field, where its value goes.
pub trait Record {
    /// The value before any field is read: every field with a default holds it.
    fn start() -> Self
    where
        Self: Sized;
    fn shape(&self) -> &'static Shape;
    /// Where field `field` (an index of the shape's fields) is read into.
    fn slot(&mut self, field: usize) -> Slot<'_>;
}

/// Where a value is read into, and as what.
pub enum Slot<'a> {
    Text(&'a mut String),
    MaybeText(&'a mut Option<String>),
    U32(&'a mut u32),
    U64(&'a mut u64),
    MaybeU64(&'a mut Option<u64>),
    MaybeI32(&'a mut Option<i32>),
    F64(&'a mut f64),
    MaybeF64(&'a mut Option<f64>),
    Bool(&'a mut bool),
    /// An `Option` of another slot: `null` is `None`.
    Maybe(&'a mut dyn Optional),
    Labels(&'a mut KeyValues),
    /// An enum of unit variants, by name.
    Unit(&'a mut dyn UnitEnum),
    /// A core enum by docker's name for it, or null.
    MaybeNamed(&'a mut dyn NamedSlot),
    Record(&'a mut dyn Record),
    /// A `Vec`, one element at a time.
    Elements(&'a mut dyn Elements),
    /// Read as a `FlatCheckpoint`, then checked for its kind's fields.
    Checkpoint(&'a mut Checkpoint),
    Source(&'a mut Source),
}

/// An enum whose variants are all units, read by name as serde's derive reads one.
pub trait UnitEnum {
    /// The type's name and its variants' names.
    fn names(&self) -> (&'static str, &'static [&'static str]);
    /// Becomes the variant at `index` of the names.
    fn set(&mut self, index: usize);
}

/// An optional core enum, read from its name.
pub trait NamedSlot {
    /// Becomes the value named `name`, or says why not in serde's words.
    fn set(&mut self, name: &str) -> Result<(), String>;
}

impl Slot<'_> {
    /// Whether it holds an `Option`, which serde's derive lets an object leave out.
    fn is_optional(&self) -> bool {
        matches!(
            self,
            Slot::MaybeText(_)
                | Slot::MaybeU64(_)
                | Slot::MaybeI32(_)
                | Slot::MaybeF64(_)
                | Slot::MaybeNamed(_)
                | Slot::Maybe(_)
        )
    }
}

/// An `Option` read as serde reads one: through `deserialize_option`, its value in place.
pub trait Optional {
    fn set_none(&mut self);
    /// Becomes `Some` of a value to read into, and says where.
    fn set_some(&mut self) -> Slot<'_>;
}

impl Optional for Option<bool> {
    fn set_none(&mut self) {
        *self = None;
    }

    fn set_some(&mut self) -> Slot<'_> {
        Slot::Bool(self.insert(false))
    }
}

impl<T> Optional for Option<Vec<T>>
where
    Vec<T>: Elements,
{
    fn set_none(&mut self) {
        *self = None;
    }

    fn set_some(&mut self) -> Slot<'_> {
        Slot::Elements(self.insert(Vec::new()))
    }
}

/// A `Vec` read element by element.
pub trait Elements {
    /// Empties it: a list given replaces the default (`Ui::panels`'s is not empty).
    fn clear(&mut self);
    /// Appends an element to read into, and says where.
    fn push(&mut self) -> Slot<'_>;
}

impl<T: Record> Elements for Vec<T> {
    fn clear(&mut self) {
        Vec::clear(self);
    }

    fn push(&mut self) -> Slot<'_> {
        self.push(T::start());
        Slot::Record(self.last_mut().expect("just pushed"))
    }
}

impl Elements for Vec<String> {
    fn clear(&mut self) {
        Vec::clear(self);
    }

    fn push(&mut self) -> Slot<'_> {
        self.push(String::new());
        Slot::Text(self.last_mut().expect("just pushed"))
    }
}

impl Elements for Vec<Checkpoint> {
    fn clear(&mut self) {
        Vec::clear(self);
    }

    fn push(&mut self) -> Slot<'_> {
        self.push(Checkpoint::Output { contains: String::new(), command: None });
        Slot::Checkpoint(self.last_mut().expect("just pushed"))
    }
}

/// The `Deserialize` of a `Record` type.
pub fn deserialize<'de, D: Deserializer<'de>, R: Record>(deserializer: D) -> Result<R, D::Error> {
    let mut value = R::start();
    read(deserializer, Slot::Record(&mut value))?;
    Ok(value)
}

/// Reads one value into `slot`.
pub fn read<'de, D: Deserializer<'de>>(deserializer: D, slot: Slot<'_>) -> Result<(), D::Error> {
    match slot {
        Slot::Text(value) => *value = String::deserialize(deserializer)?,
        Slot::MaybeText(value) => *value = Option::deserialize(deserializer)?,
        Slot::U32(value) => *value = u32::deserialize(deserializer)?,
        Slot::U64(value) => *value = u64::deserialize(deserializer)?,
        Slot::MaybeU64(value) => *value = Option::deserialize(deserializer)?,
        Slot::MaybeI32(value) => *value = Option::deserialize(deserializer)?,
        Slot::F64(value) => *value = f64::deserialize(deserializer)?,
        Slot::MaybeF64(value) => *value = Option::deserialize(deserializer)?,
        Slot::Bool(value) => *value = bool::deserialize(deserializer)?,
        Slot::Maybe(value) => deserializer.deserialize_option(MaybeVisitor(value))?,
        Slot::Labels(value) => *value = deserializer.deserialize_map(LabelsVisitor)?,
        Slot::Unit(value) => {
            let (name, variants) = value.names();
            let index =
                deserializer.deserialize_enum(name, variants, UnitVisitor(name, variants))?;
            value.set(index);
        }
        Slot::MaybeNamed(value) => {
            if let Some(name) = Option::<String>::deserialize(deserializer)? {
                value.set(&name).map_err(D::Error::custom)?;
            }
        }
        Slot::Record(record) => {
            let shape = record.shape();
            deserializer.deserialize_struct(shape.name, shape.fields, RecordVisitor(record))?;
        }
        Slot::Elements(elements) => {
            elements.clear();
            deserializer.deserialize_seq(ElementsVisitor(elements))?;
        }
        Slot::Checkpoint(checkpoint) => {
            let mut flat = FlatCheckpoint::start();
            read(deserializer, Slot::Record(&mut flat))?;
            *checkpoint = Checkpoint::try_from(flat).map_err(D::Error::custom)?;
        }
        Slot::Source(source) => {
            *source = deserializer.deserialize_enum("Source", SOURCE_VARIANTS, SourceVisitor)?;
        }
    }
    Ok(())
}

/// A slot as serde's seed.
struct SlotSeed<'a>(Slot<'a>);

impl<'de> DeserializeSeed<'de> for SlotSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        read(deserializer, self.0)
    }
}

struct RecordVisitor<'a>(&'a mut dyn Record);

impl<'de> Visitor<'de> for RecordVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.0.shape().name)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let shape = self.0.shape();
        for field in 0..shape.fields.len() {
            let read = seq.next_element_seed(SlotSeed(self.0.slot(field)))?;
            if read.is_none() && shape.required & (1 << field) != 0 {
                return Err(A::Error::invalid_length(field, &SeqExpected(shape)));
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let shape = self.0.shape();
        let mut seen = 0u32;
        while let Some(key) = map.next_key_seed(KeySeed(shape))? {
            let Some(field) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if seen & (1 << field) != 0 {
                return Err(A::Error::duplicate_field(shape.fields[field]));
            }
            seen |= 1 << field;
            map.next_value_seed(SlotSeed(self.0.slot(field)))?;
        }
        let mut missing = shape.required & !seen;
        while missing != 0 {
            let field = missing.trailing_zeros() as usize;
            if !self.0.slot(field).is_optional() {
                return Err(A::Error::missing_field(shape.fields[field]));
            }
            missing &= missing - 1;
        }
        Ok(())
    }
}

/// What a struct read from an array expects: `struct Lesson with 7 elements`.
struct SeqExpected(&'static Shape);

impl de::Expected for SeqExpected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.fields.len();
        let plural = if count == 1 { "" } else { "s" };
        write!(f, "struct {} with {count} element{plural}", self.0.name)
    }
}

/// A struct's key: the index of its field, or `None` for a key ignored.
struct KeySeed(&'static Shape);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        match self.0.fields.iter().position(|field| *field == key) {
            Some(field) => Ok(Some(field)),
            None if self.0.deny_unknown => Err(E::unknown_field(key, self.0.fields)),
            None => Ok(None),
        }
    }
}

/// Reads labels as serde reads a `BTreeMap<String, String>`: an object, a later key's value
/// replacing an earlier one's, and the same words when it is something else.
struct LabelsVisitor;

impl<'de> Visitor<'de> for LabelsVisitor {
    type Value = KeyValues;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyValues, A::Error> {
        let mut labels = KeyValues::new();
        while let Some((key, value)) = map.next_entry()? {
            labels.insert(key, value);
        }
        Ok(labels)
    }
}

struct MaybeVisitor<'a>(&'a mut dyn Optional);

impl<'de> Visitor<'de> for MaybeVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.set_none();
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.set_none();
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        read(deserializer, self.0.set_some())
    }
}

struct ElementsVisitor<'a>(&'a mut dyn Elements);

impl<'de> Visitor<'de> for ElementsVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // An element is appended when there is one to read into it.
        struct Next<'a>(&'a mut dyn Elements);
        impl<'de> DeserializeSeed<'de> for Next<'_> {
            type Value = ();
            fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
                read(deserializer, self.0.push())
            }
        }
        while seq.next_element_seed(Next(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// A variant's name: its index in `variants`.
struct VariantSeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for VariantSeed {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for VariantSeed {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.0.iter().position(|v| *v == name).ok_or_else(|| E::unknown_variant(name, self.0))
    }
}

/// An enum of unit variants (its name and variants): the index of the variant.
struct UnitVisitor(&'static str, &'static [&'static str]);

impl<'de> Visitor<'de> for UnitVisitor {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "enum {}", self.0)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (index, variant) = data.variant_seed(VariantSeed(self.1))?;
        variant.unit_variant()?;
        Ok(index)
    }
}

const SOURCE_VARIANTS: &[&str] = &["default", "lesson", "lesson_file", "scenario"];

struct SourceVisitor;

impl<'de> Visitor<'de> for SourceVisitor {
    type Value = Source;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("enum Source")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Source, A::Error> {
        let (index, variant) = data.variant_seed(VariantSeed(SOURCE_VARIANTS))?;
        Ok(match index {
            0 => {
                variant.unit_variant()?;
                Source::Default
            }
            1 => Source::Lesson(variant.newtype_variant()?),
            2 => Source::LessonFile(variant.newtype_variant()?),
            _ => Source::Scenario(variant.newtype_variant()?),
        })
    }
}
