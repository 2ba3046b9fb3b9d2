//! YAML in and out, with locations.
//!
//! Reading goes through `saphyr-parser`'s event stream into plain
//! [`serde_json::Value`] trees, one per document, while a [`SpanIndex`]
//! records the line and column of every field path. Scalars are resolved the
//! way kubectl's YAML 1.1 reader (`sigs.k8s.io/yaml`) resolves them, so an
//! unquoted `on` is a boolean here too.
//!
//! Writing is our own small emitter: kubectl's block style (two-space
//! indent, sequences not indented under their key), deterministic, and every
//! string that a YAML 1.1 reader would take for anything else is quoted.
//!
//! Both directions are bounded ([`Limits`]): alias bombs, deep nesting and
//! huge inputs end in a clear [`YamlError`], never a hang or a panic.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Write as _};

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Number, Value};

/// A position in the source text: 1-based line and 1-based column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// Line, counting from 1.
    pub line: u32,
    /// Column, counting from 1 (characters, not bytes).
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Field path (`spec.http[0].route[1].weight`) → where it stands in the source.
///
/// For a mapping entry the location is that of its key; for a sequence item
/// it is the item's first character. When two nodes spell the same path (a
/// key with a `.` or `[` in it can), the first in the document wins.
///
/// Paths are not stored as text. The reader records one small entry per node
/// (its key or position, its parent and its location) in document order, and
/// a lookup walks these entries one path step at a time. Reading a large
/// document thus costs no string per node, and a lookup costs about the
/// number of siblings along its path.
#[derive(Clone, Default)]
pub struct SpanIndex {
    /// Recorded nodes in document order: a node's subtree follows it.
    nodes: Vec<SpanNode>,
    /// The text of every recorded key, back to back ([`Step::Key`] ranges).
    keys: String,
}

/// One recorded node: a document root, a mapping value or a sequence item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SpanNode {
    /// How the node hangs under its parent.
    step: Step,
    /// Index of the parent node (a root names itself).
    parent: u32,
    /// One past the index of the last node in this node's subtree.
    end: u32,
    /// Where the node is recorded (its key's position for a mapping value).
    at: Location,
}

/// The last step of a node's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// A document root: the empty path.
    Root,
    /// A mapping entry whose key is `SpanIndex::keys[start..end]`.
    Key { start: u32, end: u32 },
    /// A sequence item at this position.
    Index(u32),
}

impl SpanIndex {
    /// Location of `path`, or of its nearest recorded ancestor.
    pub fn locate(&self, path: &str) -> Option<Location> {
        let mut p = path;
        loop {
            if let Some(l) = self.get(p) {
                return Some(l);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
            if p.is_empty() {
                return None;
            }
        }
    }

    /// Location recorded for exactly `path`.
    pub fn get(&self, path: &str) -> Option<Location> {
        let mut root = 0;
        while root < self.nodes.len() {
            if let Some(i) = self.find_under(root, path, 0) {
                return Some(self.nodes[i].at);
            }
            root = self.nodes[root].end as usize;
        }
        None
    }

    /// Number of recorded paths (distinct ones: two nodes may spell the
    /// same path). Spells every path out, so it costs a walk of the index.
    pub fn len(&self) -> usize {
        self.to_map().len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The first node (in document order) at or below `node` whose path is
    /// `path`, given that `path[..done]` is the path of `node`.
    ///
    /// Nodes are visited depth first in document order, so the first match
    /// is the earliest; only subtrees whose path is a prefix of `path` are
    /// entered.
    fn find_under(&self, node: usize, path: &str, done: usize) -> Option<usize> {
        if done == path.len() {
            return Some(node);
        }
        let rest = &path[done..];
        let end = self.nodes[node].end as usize;
        let mut child = node + 1;
        while child < end {
            if let Some(len) = self.step_prefix(child, rest, done == 0) {
                if let Some(found) = self.find_under(child, path, done + len) {
                    return Some(found);
                }
            }
            child = self.nodes[child].end as usize;
        }
        None
    }

    /// The length of `node`'s own step when `rest` starts with it. A key
    /// follows its parent's path after a `.`, or stands alone when that path
    /// is empty; an item index is written `[n]`.
    fn step_prefix(&self, node: usize, rest: &str, parent_empty: bool) -> Option<usize> {
        match self.nodes[node].step {
            Step::Root => None,
            Step::Key { start, end } => {
                let key = &self.keys[start as usize..end as usize];
                let dot = usize::from(!parent_empty);
                if parent_empty || rest.starts_with('.') {
                    rest[dot..].starts_with(key).then_some(dot + key.len())
                } else {
                    None
                }
            }
            Step::Index(i) => {
                // `[i]`, with `i` in decimal.
                let mut buf = [0u8; 10];
                let mut start = buf.len();
                let mut v = i;
                loop {
                    start -= 1;
                    buf[start] = b'0' + (v % 10) as u8;
                    v /= 10;
                    if v == 0 {
                        break;
                    }
                }
                let digits = &buf[start..];
                let (r, n) = (rest.as_bytes(), digits.len());
                (r.first() == Some(&b'[')
                    && r.get(1..=n) == Some(digits)
                    && r.get(n + 1) == Some(&b']'))
                .then_some(n + 2)
            }
        }
    }

    /// The key of a [`Step::Key`] node.
    fn key(&self, node: usize) -> Option<&str> {
        match self.nodes[node].step {
            Step::Key { start, end } => Some(&self.keys[start as usize..end as usize]),
            _ => None,
        }
    }

    /// The full path of `node`, as [`get`](Self::get) takes it.
    fn path_of(&self, node: usize) -> String {
        let mut chain = Vec::new();
        let mut i = node;
        while !matches!(self.nodes[i].step, Step::Root) {
            chain.push(i);
            i = self.nodes[i].parent as usize;
        }
        let mut path = String::new();
        for &i in chain.iter().rev() {
            match self.nodes[i].step {
                Step::Key { start, end } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&self.keys[start as usize..end as usize]);
                }
                Step::Index(n) => {
                    let _ = write!(path, "[{n}]");
                }
                Step::Root => {}
            }
        }
        path
    }

    /// Every recorded path with its location (the first node wins).
    fn to_map(&self) -> HashMap<String, Location> {
        let mut map = HashMap::with_capacity(self.nodes.len());
        for (i, n) in self.nodes.iter().enumerate() {
            map.entry(self.path_of(i)).or_insert(n.at);
        }
        map
    }

    /// True when the open mapping `node` already has an entry written with
    /// key `key` (its completed entries are the nodes after it).
    fn has_entry(&self, node: u32, key: &str) -> bool {
        let mut child = node as usize + 1;
        while child < self.nodes.len() {
            if self.key(child) == Some(key) {
                return true;
            }
            child = self.nodes[child].end as usize;
        }
        false
    }

    /// Records a node: a root when `stack` is empty, else a child of the
    /// innermost open collection. Returns its index, or `None` when the
    /// innermost collection is a mapping waiting for a key (the event is a
    /// key, not a node).
    fn record(&mut self, stack: &[Frame], here: Location) -> Option<u32> {
        let index = self.nodes.len() as u32;
        let (parent, step, at) = match stack.last() {
            None => (index, Step::Root, here),
            Some(Frame::Seq { items, node, .. }) => (*node, Step::Index(items.len() as u32), here),
            Some(Frame::Map { key: Some((k, at)), node, .. }) => {
                let start = self.keys.len() as u32;
                self.keys.push_str(k);
                (*node, Step::Key { start, end: self.keys.len() as u32 }, *at)
            }
            Some(Frame::Map { key: None, .. }) => return None,
        };
        self.nodes.push(SpanNode { step, parent, end: index + 1, at });
        Some(index)
    }

    /// Closes the collection `node`: its subtree ends with the last node
    /// recorded so far.
    fn close(&mut self, node: u32) {
        let end = self.nodes.len() as u32;
        if let Some(n) = self.nodes.get_mut(node as usize) {
            n.end = end;
        }
    }
}

impl PartialEq for SpanIndex {
    /// Equal when the same paths are recorded at the same locations.
    fn eq(&self, other: &Self) -> bool {
        (self.nodes == other.nodes && self.keys == other.keys) || self.to_map() == other.to_map()
    }
}

impl Eq for SpanIndex {}

impl fmt::Debug for SpanIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpanIndex").field("map", &self.to_map()).finish()
    }
}

/// Budgets that keep parsing bounded on hostile input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes (after alias expansion) in the whole stream.
    pub max_nodes: usize,
    /// Most documents in one stream.
    pub max_documents: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: 8 << 20, max_depth: 64, max_nodes: 1_000_000, max_documents: 10_000 }
    }
}

/// Why a YAML text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// One-sentence description.
    pub message: String,
    /// Where it happened, when known.
    pub location: Option<Location>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some(l) => write!(f, "{l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for YamlError {}

/// One document of a YAML stream.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlDocument {
    /// The document's content as a JSON value tree.
    pub value: Value,
    /// Locations of every field path in it.
    pub spans: SpanIndex,
    /// Where the document's content starts.
    pub start: Location,
}

fn loc(span: &Span) -> Location {
    Location { line: span.start.line() as u32, column: span.start.col() as u32 + 1 }
}

fn err(message: impl Into<String>, location: Option<Location>) -> YamlError {
    YamlError { message: message.into(), location }
}

/// An open collection while reading.
enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
        /// The collection's node in the [`SpanIndex`].
        node: u32,
    },
    Map {
        map: Map<String, Value>,
        anchor: usize,
        /// The collection's node in the [`SpanIndex`].
        node: u32,
        key: Option<(String, Location)>,
        /// True when the pending key is a plain `<<` (a merge key).
        merge: bool,
        /// True once `map` holds a key that was not written as a key here:
        /// one merged in by `<<` (later entries may override it), or the
        /// empty key an alias standing where a key should be is stored
        /// under. Until then `map` holds exactly the written keys and finds
        /// duplicates; from then on the written entries are looked up in the
        /// span index.
        unwritten: bool,
    },
}

/// Parses a multi-document YAML stream with the default [`Limits`].
pub fn parse(text: &str) -> Result<Vec<YamlDocument>, YamlError> {
    parse_with(text, Limits::default())
}

/// Parses a multi-document YAML stream. Empty documents (only comments, or
/// nothing between two `---`) are skipped.
///
/// Inputs are capped at 2 GiB whatever `limits.max_bytes` says (the span
/// index holds 32-bit offsets).
pub fn parse_with(text: &str, limits: Limits) -> Result<Vec<YamlDocument>, YamlError> {
    let max_bytes = limits.max_bytes.min((u32::MAX / 2) as usize);
    if text.len() > max_bytes {
        return Err(err(
            format!("input is {} bytes; the limit is {} bytes", text.len(), max_bytes),
            None,
        ));
    }
    let mut parser = Parser::new_from_str(text);
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Value, usize)> = HashMap::new();
    let mut spans = SpanIndex::default();
    let mut start = Location { line: 1, column: 1 };
    let mut nodes = 0usize;
    let mut root: Option<Value> = None;

    while let Some(item) = parser.next_event() {
        let (event, span) = item.map_err(|e| {
            err(
                e.info().to_string(),
                Some(Location {
                    line: e.marker().line() as u32,
                    column: e.marker().col() as u32 + 1,
                }),
            )
        })?;
        let here = loc(&span);
        let value: Option<(Value, usize)> = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => None,
            Event::DocumentStart(_) => {
                spans = SpanIndex::default();
                anchors.clear();
                start = here;
                root = None;
                None
            }
            Event::DocumentEnd => {
                if let Some(v) = root.take() {
                    if docs.len() >= limits.max_documents {
                        return Err(err(
                            format!("more than {} documents", limits.max_documents),
                            Some(here),
                        ));
                    }
                    if !v.is_null() {
                        docs.push(YamlDocument {
                            value: v,
                            spans: std::mem::take(&mut spans),
                            start,
                        });
                    }
                }
                None
            }
            Event::Alias(id) => {
                let Some((v, count)) = anchors.get(&id) else {
                    return Err(err("alias refers to an unknown anchor", Some(here)));
                };
                nodes += count;
                if nodes > limits.max_nodes {
                    return Err(err(
                        format!(
                            "more than {} nodes after expanding aliases (an alias bomb?)",
                            limits.max_nodes
                        ),
                        Some(here),
                    ));
                }
                spans.record(&stack, here);
                Some((v.clone(), 0))
            }
            Event::Scalar(text, style, anchor, tag) => {
                nodes += 1;
                let tagged_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                if let Some(Frame::Map { key: key @ None, node, map, merge, unwritten, .. }) =
                    stack.last_mut()
                {
                    let k = text.into_owned();
                    let is_merge = k == "<<" && style == ScalarStyle::Plain;
                    let written =
                        if *unwritten { spans.has_entry(*node, &k) } else { map.contains_key(&k) };
                    if written && !is_merge {
                        let path = spans.path_of(*node as usize);
                        let p = if path.is_empty() { k } else { format!("{path}.{k}") };
                        return Err(err(format!("duplicate key `{p}`"), Some(here)));
                    }
                    *merge = is_merge;
                    *key = Some((k, here));
                    None
                } else {
                    spans.record(&stack, here);
                    let text = text.into_owned();
                    let v = if style == ScalarStyle::Plain && !tagged_str {
                        resolve_plain_owned(text)
                    } else {
                        Value::String(text)
                    };
                    if anchor > 0 {
                        anchors.insert(anchor, (v.clone(), 1));
                    }
                    Some((v, anchor))
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                nodes += 1;
                if stack.len() >= limits.max_depth {
                    return Err(err(
                        format!("nesting deeper than {} levels", limits.max_depth),
                        Some(here),
                    ));
                }
                let Some(node) = spans.record(&stack, here) else {
                    return Err(err(
                        "complex mapping keys (a mapping or sequence as a key) are not supported",
                        Some(here),
                    ));
                };
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq { items: Vec::new(), anchor, node }
                } else {
                    Frame::Map {
                        map: Map::new(),
                        anchor,
                        node,
                        key: None,
                        merge: false,
                        unwritten: false,
                    }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq { items, anchor, node }) => {
                    spans.close(node);
                    Some((Value::Array(items), anchor))
                }
                Some(Frame::Map { map, anchor, node, .. }) => {
                    spans.close(node);
                    Some((Value::Object(map), anchor))
                }
                None => None,
            },
        };
        if nodes > limits.max_nodes {
            return Err(err(format!("more than {} nodes", limits.max_nodes), Some(here)));
        }
        let Some((v, anchor)) = value else { continue };
        if anchor > 0 && !matches!(v, Value::String(_) | Value::Bool(_) | Value::Number(_)) {
            let count = count_nodes(&v);
            anchors.insert(anchor, (v.clone(), count));
        }
        match stack.last_mut() {
            None => root = Some(v),
            Some(Frame::Seq { items, .. }) => items.push(v),
            Some(Frame::Map { map, key, merge, unwritten, .. }) => {
                let (k, at) = key.take().unwrap_or_else(|| {
                    // An alias where a key should be: stored under "".
                    *unwritten = true;
                    Default::default()
                });
                if std::mem::take(merge) {
                    merge_into(map, v).map_err(|m| err(m, Some(at)))?;
                    *unwritten = true;
                } else {
                    map.insert(k, v);
                }
            }
        }
    }
    if let Some(v) = root.take() {
        if !v.is_null() {
            docs.push(YamlDocument { value: v, spans, start });
        }
    }
    Ok(docs)
}

fn count_nodes(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(count_nodes).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

/// Applies a YAML merge key (`<<: *base` or `<<: [*a, *b]`): keys already
/// present win.
fn merge_into(map: &mut Map<String, Value>, v: Value) -> Result<(), String> {
    let sources = match v {
        Value::Object(m) => vec![m],
        Value::Array(items) => items
            .into_iter()
            .map(|i| match i {
                Value::Object(m) => Ok(m),
                _ => Err("a merge key (`<<`) takes a mapping or a list of mappings".to_string()),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("a merge key (`<<`) takes a mapping or a list of mappings".into()),
    };
    for m in sources {
        for (k, v) in m {
            map.entry(k).or_insert(v);
        }
    }
    Ok(())
}

/// Resolves a plain (unquoted) scalar as a YAML 1.1 reader (go-yaml v2, used
/// by kubectl through `sigs.k8s.io/yaml`) does.
pub fn resolve_plain(s: &str) -> Value {
    resolve_plain_non_string(s).unwrap_or_else(|| Value::String(s.to_string()))
}

/// [`resolve_plain`] for text the caller owns: a string keeps its allocation.
fn resolve_plain_owned(s: String) -> Value {
    match resolve_plain_non_string(&s) {
        Some(v) => v,
        None => Value::String(s),
    }
}

/// What a plain scalar resolves to when that is not a string (null, a
/// boolean or a number); `None` when it is read as the string itself.
fn resolve_plain_non_string(s: &str) -> Option<Value> {
    match plain_kind(s)? {
        Plain::Null => Some(Value::Null),
        Plain::Bool(b) => Some(Value::Bool(b)),
        Plain::Int(i) => Some(Value::Number(i.into())),
        Plain::Float => {
            without_underscores(s).parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number)
        }
    }
}

/// The kind of non-string value a plain scalar is read as.
enum Plain {
    Null,
    Bool(bool),
    Int(i64),
    /// Written like a YAML 1.1 float (its value is not computed: the
    /// exporter only asks whether a string needs quotes, and leaving the
    /// float parser out of that path keeps it out of the browser app's
    /// first download).
    Float,
}

/// Whether plain scalar `s` is read as something other than a string.
fn plain_kind(s: &str) -> Option<Plain> {
    // Each non-string form below starts with one of these (most names and
    // words do not, and skip the comparisons).
    if !matches!(
        s.as_bytes().first(),
        None | Some(
            b'~' | b'n' | b'N' | b't' | b'T' | b'y' | b'Y' | b'o' | b'O' | b'f' | b'F' | b'0'
                ..=b'9' | b'+' | b'-' | b'.' | b'_'
        )
    ) {
        return None;
    }
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Plain::Null),
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            return Some(Plain::Bool(true))
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            return Some(Plain::Bool(false))
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => {
            // JSON has no infinities; kubectl rejects them. Keep the text.
            return None;
        }
        _ => {}
    }
    if let Some(i) = parse_yaml11_int(s) {
        return Some(Plain::Int(i));
    }
    looks_like_yaml11_float(s).then_some(Plain::Float)
}

/// `s` without its `_` digit separators (borrowed when it has none).
fn without_underscores(s: &str) -> Cow<'_, str> {
    if s.contains('_') {
        Cow::Owned(s.replace('_', ""))
    } else {
        Cow::Borrowed(s)
    }
}

fn parse_yaml11_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    // Every form below starts with a digit once the `_` separators are
    // dropped; this also rejects an empty `body`.
    if !body.bytes().find(|&b| b != b'_')?.is_ascii_digit() {
        return None;
    }
    let clean = without_underscores(body);
    let v = if let Some(h) = clean.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()?
    } else if let Some(b) = clean.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()?
    } else if clean.len() > 1 && clean.starts_with('0') {
        i64::from_str_radix(&clean[1..], 8).ok()?
    } else if clean.bytes().all(|b| b.is_ascii_digit()) && !body.starts_with('_') {
        clean.parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(if neg { -v } else { v })
}

fn looks_like_yaml11_float(s: &str) -> bool {
    // [-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)? plus the 1.2 forms 1e3.
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits_start = i;
    while i < b.len() && (b[i].is_ascii_digit() || (b[i] == b'_' && i > digits_start)) {
        i += 1;
    }
    let int_digits = i > digits_start;
    let mut frac = false;
    if i < b.len() && b[i] == b'.' {
        frac = true;
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if !(int_digits || (frac && i > digits_start + 1)) {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
        return i == b.len();
    }
    frac && i == b.len()
}

/// The YAML indicator characters, as a set of ASCII codes (bit `c` for `c`).
const INDICATORS: u128 = {
    let chars = b"-?:,[]{}#&*!|>'\"%@`";
    let mut set = 0u128;
    let mut i = 0;
    while i < chars.len() {
        set |= 1 << chars[i];
        i += 1;
    }
    set
};

/// True when `s` can be written as a plain scalar and read back, by a YAML
/// 1.1 or 1.2 reader, as the same string.
///
/// Called for every key and string on export, so it allocates nothing.
pub fn is_plain_safe(s: &str) -> bool {
    let Some(&first) = s.as_bytes().first() else { return false };
    if first == b' ' || s.ends_with(' ') || s.ends_with(':') {
        return false;
    }
    // Indicators (all ASCII, so the first byte decides); `-` is fine when
    // something other than a space follows (`-1`, `-x`).
    if first < 128
        && INDICATORS >> first & 1 == 1
        && !(first == b'-' && s.len() > 1 && !s[1..].starts_with(' '))
    {
        return false;
    }
    // At the start of a line these are document markers (`--- a`, `... a`).
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    // `: ` and ` #` (a value, a comment) and ASCII control characters (tab too).
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            0..=0x1f | 0x7f => return false,
            b':' if b.get(i + 1) == Some(&b' ') => return false,
            b' ' if b.get(i + 1) == Some(&b'#') => return false,
            _ => {}
        }
    }
    // The other characters a reader does not keep as written are not ASCII.
    if !s.is_ascii()
        && s.chars()
            .any(|c| c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}')
    {
        return false;
    }
    // A float too large for f64 (`1e999`) is quoted too: it is a number to
    // YAML, and an infinity to kubectl.
    if plain_kind(s).is_some() {
        return false;
    }
    let unsigned = if matches!(first, b'-' | b'+') { s.trim_start_matches(['-', '+']) } else { s };
    if unsigned.eq_ignore_ascii_case(".inf")
        || unsigned.eq_ignore_ascii_case(".nan")
        || unsigned.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0o"))
    {
        return false;
    }
    // Dates and times (YAML 1.1 timestamps) and sexagesimal numbers (1:20).
    if unsigned.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && (s.contains('-') || s.contains(':'))
    {
        return false;
    }
    !matches!(s, "=" | "<<")
}

/// Writes `s` as a double-quoted YAML scalar.
fn write_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_scalar(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => {
            if is_plain_safe(s) {
                out.push_str(s);
            } else {
                write_quoted(out, s);
            }
        }
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// Longest key (as written) emitted as an implicit `key: value`. YAML caps
/// implicit keys at 1024 characters; longer ones (quoting and escapes can
/// lengthen a key that was read fine) are written as explicit `? key` entries.
const MAX_IMPLICIT_KEY: usize = 1000;

/// Writes `k` and its `:`; `indent` is the column of the mapping's entries.
fn write_key(out: &mut String, k: &str, indent: usize) {
    let start = out.len();
    if is_plain_safe(k) {
        out.push_str(k);
    } else {
        write_quoted(out, k);
    }
    if out.len() - start > MAX_IMPLICIT_KEY {
        out.insert_str(start, "? ");
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', indent));
    }
    out.push(':');
}

fn is_block(v: &Value) -> bool {
    match v {
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
        _ => false,
    }
}

fn write_map_body(out: &mut String, m: &Map<String, Value>, indent: usize, first_inline: bool) {
    for (i, (k, v)) in m.iter().enumerate() {
        write_entry(out, k, v, indent, i == 0 && first_inline);
    }
}

/// Writes one mapping entry; `inline` when the line is already indented
/// (the first entry of a mapping inside a sequence item).
fn write_entry(out: &mut String, k: &str, v: &Value, indent: usize, inline: bool) {
    if !inline {
        out.extend(std::iter::repeat_n(' ', indent));
    }
    write_key(out, k, indent);
    match v {
        Value::Object(c) if !c.is_empty() => {
            out.push('\n');
            write_map_body(out, c, indent + 2, false);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_seq_body(out, a, indent);
        }
        _ => {
            out.push(' ');
            write_scalar(out, v);
            out.push('\n');
        }
    }
}

/// Writes `v` as one item of a block sequence whose entries are at column
/// `indent` (`- ` included), as it appears inside a document.
pub(crate) fn emit_seq_item(out: &mut String, v: &Value, indent: usize) {
    write_seq_body(out, std::slice::from_ref(v), indent);
}

/// [`emit_into`] of the mapping `m`, except that the sequence under
/// `m[outer][inner]` is written as `items`, each already written by
/// [`emit_seq_item`] at column 2. `m[outer][inner]` must be present (its
/// value is a placeholder) so the key keeps its place; with no items the
/// key is left out, as an empty sequence would be.
pub(crate) fn emit_spliced(
    out: &mut String,
    m: &Map<String, Value>,
    outer: &str,
    inner: &str,
    items: &[&str],
) {
    for (k, v) in m {
        match v {
            Value::Object(c) if k == outer && !c.is_empty() => {
                write_key(out, k, 0);
                out.push('\n');
                for (ck, cv) in c {
                    if ck != inner {
                        write_entry(out, ck, cv, 2, false);
                    } else if !items.is_empty() {
                        out.push_str("  ");
                        write_key(out, ck, 2);
                        out.push('\n');
                        items.iter().for_each(|t| out.push_str(t));
                    }
                }
            }
            _ => write_entry(out, k, v, 0, false),
        }
    }
}

fn write_seq_body(out: &mut String, a: &[Value], indent: usize) {
    for v in a {
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str("- ");
        match v {
            Value::Object(m) if !m.is_empty() => write_map_body(out, m, indent + 2, true),
            Value::Array(inner) if !inner.is_empty() => {
                // A sequence directly inside a sequence: flow style keeps it simple.
                out.push_str(&serde_json::to_string(inner).unwrap_or_default());
                out.push('\n');
            }
            _ => {
                write_scalar(out, v);
                out.push('\n');
            }
        }
    }
}

/// Writes one value as a YAML document body (no `---`), ending in a newline.
pub fn emit(v: &Value) -> String {
    let mut out = String::new();
    emit_into(&mut out, v);
    out
}

/// [`emit`], appending to `out`.
pub(crate) fn emit_into(out: &mut String, v: &Value) {
    match v {
        Value::Object(m) if is_block(v) => write_map_body(out, m, 0, false),
        Value::Array(a) if is_block(v) => write_seq_body(out, a, 0),
        _ => {
            write_scalar(out, v);
            out.push('\n');
        }
    }
}

/// Writes several documents, `---` between them (kubectl style).
pub fn emit_documents<'a>(docs: impl IntoIterator<Item = &'a Value>) -> String {
    let mut out = String::new();
    for (i, d) in docs.into_iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        emit_into(&mut out, d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quotes_everything_a_yaml11_reader_would_misread() {
        for s in [
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "Y",
            "N",
            "true",
            "false",
            "null",
            "~",
            "1",
            "1.0",
            "1e3",
            "1e999",
            "1_000.5",
            "0x10",
            "0777",
            ".inf",
            "-.inf",
            ".nan",
            "2024-01-01",
            "",
            "True",
            "NO",
            "Off",
            "12:30",
            "- x",
            "-",
            "a: b",
            "#c",
            " lead",
            "trail ",
            "-1",
            "+1",
            "1_000",
            ".5",
            "0b101",
            "1.",
            "<<",
            "=",
            "@x",
            "`x",
            "x #y",
            "line\nbreak",
            "tab\there",
        ] {
            let v = json!({ "k": s });
            let text = emit(&v);
            let back = parse(&text).unwrap();
            assert_eq!(back[0].value, v, "{s:?} came out as {text:?}");
            assert!(text.contains('"'), "{s:?} was not quoted: {text:?}");
        }
    }

    #[test]
    fn plain_strings_stay_plain() {
        for s in ["reviews", "v1", "x-user-type", "^(.*?;)?(user=beta)(;.*)?$", "5xx,reset", "10s"]
        {
            assert!(is_plain_safe(s), "{s}");
            let text = emit(&json!({ "k": s }));
            assert_eq!(parse(&text).unwrap()[0].value, json!({ "k": s }));
        }
    }

    #[test]
    fn kubectl_block_style() {
        let v = json!({"spec": {"hosts": ["reviews"], "http": [{"route": [{"destination": {"host": "reviews", "subset": "v1"}, "weight": 90}]}], "empty": {}}});
        let text = emit(&v);
        assert_eq!(
            text,
            "spec:\n  hosts:\n  - reviews\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v1\n      weight: 90\n  empty: {}\n"
        );
        assert_eq!(parse(&text).unwrap()[0].value, v);
    }

    #[test]
    fn multi_document_with_locations() {
        let text = "a: 1\n---\n# only a comment\n---\nkind: X\nspec:\n  http:\n  - route:\n    - weight: 5\n";
        let docs = parse(text).unwrap();
        assert_eq!(docs.len(), 2);
        let l = docs[1].spans.get("spec.http[0].route[0].weight").unwrap();
        assert_eq!((l.line, l.column), (9, 7));
        assert_eq!(docs[1].spans.locate("spec.http[0].route[0].weight.nothing"), Some(l));
    }

    #[test]
    fn errors_have_locations() {
        let e = parse("a: b\n  c: d: e\n").unwrap_err();
        assert!(e.location.is_some(), "{e}");
        let e = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.location.map(|l| l.line), Some(2));
        assert!(e.message.contains("duplicate key"));
    }

    #[test]
    fn bounded_against_bombs_and_depth() {
        let mut bomb = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 0..9 {
            let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
            bomb.push_str(&format!(
                "b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        assert!(parse(&bomb).unwrap_err().message.contains("alias"));
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).is_err());
        let big = "x".repeat(9 << 20);
        assert!(parse(&big).unwrap_err().message.contains("limit"));
    }

    #[test]
    fn anchors_and_merge_keys() {
        let docs = parse("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n").unwrap();
        assert_eq!(docs[0].value["other"], json!({"y": 3, "x": 1}));
    }

    #[test]
    fn yaml11_scalar_resolution() {
        assert_eq!(resolve_plain("on"), json!(true));
        assert_eq!(resolve_plain("0777"), json!(511));
        assert_eq!(resolve_plain("1e3"), json!(1000.0));
        assert_eq!(resolve_plain("10.0"), json!(10.0));
        assert_eq!(resolve_plain("5s"), json!("5s"));
    }

    #[test]
    fn span_paths_that_two_nodes_spell_go_to_the_first() {
        let at = |l, c| Some(Location { line: l, column: c });
        // `a.b` is spelled by the key `a.b` and by `b` under `a`.
        let docs = parse("a.b: 1\na:\n  b: 2\nl: [x, {c: 3}]\n").unwrap();
        let s = &docs[0].spans;
        assert_eq!(s.get("a.b"), at(1, 1));
        assert_eq!(s.get("a"), at(2, 1));
        assert_eq!(s.get("l[1].c"), at(4, 9));
        assert_eq!((s.get("l[01]"), s.get("l[2]"), s.get("l[1")), (None, None, None));
        assert_eq!(s.locate("l[1].c.d[4]"), at(4, 9));
        // "", a.b, a, l, l[0], l[1], l[1].c
        assert_eq!(s.len(), 7);
        // Repeated merge keys record `<<` once; merged keys are not recorded.
        let docs = parse("m: &m {x: 1}\nn:\n  <<: *m\n  <<: {y: 2}\n").unwrap();
        assert_eq!(docs[0].spans.get("n.<<"), at(3, 3));
        assert_eq!(docs[0].spans.get("n.x"), None);
    }

    #[test]
    fn duplicate_keys_after_merges_and_aliased_keys() {
        assert!(parse("<<: {y: 2}\ny: 1\n").is_ok());
        let e = parse("<<: {y: 2}\ny: 1\ny: 3\n").unwrap_err();
        assert_eq!(e.message, "duplicate key `y`");
        assert!(parse("<<: {y: 2}\n\"<<\": 1\n").unwrap_err().message.contains("`<<`"));
        // An alias where a key should be is stored under "" without counting
        // as a written key.
        assert!(parse("a: &x 1\nm: {*x , \"\": 2}\n").is_ok());
        let e = parse("m:\n  a:\n    b: 1\n    b: 2\n").unwrap_err();
        assert_eq!(e.message, "duplicate key `m.a.b`");
    }
}
