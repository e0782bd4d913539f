//! The schema as the analyser sees it: type → field → return type, list-ness, connection role
//! and arguments with their defaults, built once from the schema's own SDL (so it cannot drift
//! from what the resolvers serve), plus the introspection types and the sizes of the lists
//! introspection returns.

use std::collections::HashMap;

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};
use async_graphql_value::ConstValue;

/// Index of a type in [`SchemaIndex::types`].
pub(crate) type TypeId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Interface,
    Union,
    Scalar,
    Enum,
    InputObject,
}

/// What a field is to the cost model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Plain,
    /// `nodes` of a connection: the page's rows.
    Nodes,
    /// `edges` of a connection: one edge per row of the page.
    Edges,
    /// `node` of an edge: the row itself.
    EdgeNode,
    /// `totalCount` of a connection: one COUNT statement.
    TotalCount,
}

#[derive(Clone, Debug)]
pub(crate) struct ArgInfo {
    pub name: String,
    pub default: Option<ConstValue>,
}

#[derive(Clone, Debug)]
pub(crate) struct FieldInfo {
    /// The named return type; `None` if the SDL names a type it does not define.
    pub ty: Option<TypeId>,
    /// Whether the value is a list (of any nesting).
    pub list: bool,
    pub args: Vec<ArgInfo>,
    pub role: Role,
}

impl FieldInfo {
    pub fn arg(&self, name: &str) -> Option<&ArgInfo> {
        self.args.iter().find(|a| a.name == name)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct TypeInfo {
    pub name: String,
    pub kind: Kind,
    pub fields: HashMap<String, FieldInfo>,
    /// One of the `__*` types of introspection.
    pub introspection: bool,
    /// An object type with `pageInfo`, `edges` and `nodes` (see `connection.rs`).
    pub connection: bool,
    // Sizes of what introspection lists for this type.
    input_fields: usize,
    enum_values: usize,
    interfaces: usize,
    possible_types: usize,
}

impl TypeInfo {
    /// A leaf (scalar or enum) or a type the index does not know the shape of.
    pub fn is_leaf(&self) -> bool {
        matches!(self.kind, Kind::Scalar | Kind::Enum | Kind::InputObject)
    }

    pub fn is_abstract(&self) -> bool {
        matches!(self.kind, Kind::Interface | Kind::Union)
    }
}

/// Sizes of the lists introspection can return, for costing introspection by what it returns.
/// `max_*` bounds one list; `total_*` is the sum over all parents (all types, or for `args` all
/// fields), which bounds what a list returns summed over an enumeration of all its parents
/// (`__schema { types { fields { args } } }`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct IntrospectionSizes {
    pub types: u64,
    pub directives: u64,
    pub max_directive_args: u64,
    pub max_fields: u64,
    pub total_fields: u64,
    pub max_args: u64,
    pub total_args: u64,
    pub max_input_fields: u64,
    pub total_input_fields: u64,
    pub max_enum_values: u64,
    pub total_enum_values: u64,
    pub max_interfaces: u64,
    pub total_interfaces: u64,
    pub max_possible_types: u64,
    pub total_possible_types: u64,
}

/// The introspection types exactly as async-graphql 7.2.1 serves them (`src/model/*.rs`); the
/// exported SDL leaves them out. A unit test compares this with what the running schema
/// answers about itself.
const INTROSPECTION_SDL: &str = r#"
type __Schema {
  description: String!
  types: [__Type!]!
  queryType: __Type!
  mutationType: __Type
  subscriptionType: __Type
  directives: [__Directive!]!
}
type __Type {
  kind: __TypeKind!
  name: String
  description: String
  fields(includeDeprecated: Boolean = false): [__Field!]
  interfaces: [__Type!]
  possibleTypes: [__Type!]
  enumValues(includeDeprecated: Boolean = false): [__EnumValue!]
  inputFields(includeDeprecated: Boolean = false): [__InputValue!]
  ofType: __Type
  specifiedByURL: String
  isOneOf: Boolean
}
type __Field {
  name: String!
  description: String
  args(includeDeprecated: Boolean = false): [__InputValue!]!
  type: __Type!
  isDeprecated: Boolean!
  deprecationReason: String
}
type __InputValue {
  name: String!
  description: String
  type: __Type!
  defaultValue: String
  isDeprecated: Boolean!
  deprecationReason: String
}
type __EnumValue {
  name: String!
  description: String
  isDeprecated: Boolean!
  deprecationReason: String
}
type __Directive {
  name: String!
  description: String
  locations: [__DirectiveLocation!]!
  args(includeDeprecated: Boolean = false): [__InputValue!]!
  isRepeatable: Boolean!
}
enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
enum __DirectiveLocation {
  QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT
  VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION
  ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION
}
"#;

/// The scalars every schema has; the exported SDL does not define them.
const BUILT_IN_SCALARS: [&str; 5] = ["String", "Int", "Float", "Boolean", "ID"];

/// Directives every async-graphql schema answers in `__schema.directives` whether or not its
/// SDL defines them, and the most arguments any of them takes.
const BUILT_IN_DIRECTIVES: [&str; 5] = ["include", "skip", "deprecated", "specifiedBy", "oneOf"];
const BUILT_IN_DIRECTIVE_ARGS: u64 = 1;

/// The schema's types, fields and list sizes.
#[derive(Debug)]
pub(crate) struct SchemaIndex {
    pub types: Vec<TypeInfo>,
    by_name: HashMap<String, TypeId>,
    pub query: Option<TypeId>,
    pub mutation: Option<TypeId>,
    pub subscription: Option<TypeId>,
    /// `__schema` and `__type(name:)`, the introspection entry points of the query type.
    pub schema_field: FieldInfo,
    pub type_field: FieldInfo,
    pub sizes: IntrospectionSizes,
}

fn named(ty: &Type) -> (&str, bool) {
    match &ty.base {
        BaseType::Named(name) => (name.as_str(), false),
        BaseType::List(inner) => (named(inner).0, true),
    }
}

/// A type as the SDL defines it, before names are resolved to ids.
struct RawType {
    name: String,
    kind: Kind,
    fields: Vec<RawField>,
    implements: Vec<String>,
    input_fields: usize,
    enum_values: usize,
    introspection: bool,
}

struct RawField {
    name: String,
    ty: String,
    list: bool,
    args: Vec<ArgInfo>,
}

impl SchemaIndex {
    /// Builds the index from an SDL document (the schema's `sdl()`), adding the introspection
    /// types and built-in scalars.
    pub fn from_sdl(sdl: &str) -> Result<SchemaIndex, String> {
        let doc = async_graphql::parser::parse_schema(sdl)
            .map_err(|e| format!("the schema's SDL does not parse: {e}"))?;
        let intro = async_graphql::parser::parse_schema(INTROSPECTION_SDL)
            .map_err(|e| format!("the introspection SDL does not parse: {e}"))?;

        let mut raw: Vec<RawType> = Vec::new();
        let mut members: Vec<(String, Vec<String>)> = Vec::new();
        let (mut query, mut mutation, mut subscription) = (None, None, None);
        let mut directives: Vec<String> = BUILT_IN_DIRECTIVES
            .iter()
            .map(|d| (*d).to_owned())
            .collect();
        let mut max_directive_args = BUILT_IN_DIRECTIVE_ARGS;
        let definitions = doc
            .definitions
            .iter()
            .map(|d| (d, false))
            .chain(intro.definitions.iter().map(|d| (d, true)));
        for (definition, introspection) in definitions {
            match definition {
                TypeSystemDefinition::Schema(schema) => {
                    query = schema.node.query.as_ref().map(|n| n.node.to_string());
                    mutation = schema.node.mutation.as_ref().map(|n| n.node.to_string());
                    subscription = schema
                        .node
                        .subscription
                        .as_ref()
                        .map(|n| n.node.to_string());
                }
                TypeSystemDefinition::Directive(directive) => {
                    let name = directive.node.name.node.to_string();
                    if !directives.contains(&name) {
                        directives.push(name);
                    }
                    max_directive_args =
                        max_directive_args.max(directive.node.arguments.len() as u64);
                }
                TypeSystemDefinition::Type(ty) => {
                    let ty = &ty.node;
                    let name = ty.name.node.to_string();
                    let fields_of = |fields: &[async_graphql::Positioned<
                        async_graphql::parser::types::FieldDefinition,
                    >]| {
                        fields
                            .iter()
                            .map(|f| {
                                let (ty, list) = named(&f.node.ty.node);
                                RawField {
                                    name: f.node.name.node.to_string(),
                                    ty: ty.to_owned(),
                                    list,
                                    args: f
                                        .node
                                        .arguments
                                        .iter()
                                        .map(|a| ArgInfo {
                                            name: a.node.name.node.to_string(),
                                            default: a
                                                .node
                                                .default_value
                                                .as_ref()
                                                .map(|v| v.node.clone()),
                                        })
                                        .collect(),
                                }
                            })
                            .collect::<Vec<_>>()
                    };
                    let names = |list: &[async_graphql::Positioned<async_graphql::Name>]| {
                        list.iter().map(|n| n.node.to_string()).collect::<Vec<_>>()
                    };
                    let mut entry = RawType {
                        name: name.clone(),
                        kind: Kind::Scalar,
                        fields: Vec::new(),
                        implements: Vec::new(),
                        input_fields: 0,
                        enum_values: 0,
                        introspection,
                    };
                    match &ty.kind {
                        TypeKind::Object(o) => {
                            entry.kind = Kind::Object;
                            entry.fields = fields_of(&o.fields);
                            entry.implements = names(&o.implements);
                        }
                        TypeKind::Interface(i) => {
                            entry.kind = Kind::Interface;
                            entry.fields = fields_of(&i.fields);
                            entry.implements = names(&i.implements);
                        }
                        TypeKind::Union(u) => {
                            entry.kind = Kind::Union;
                            members.push((name, names(&u.members)));
                        }
                        TypeKind::Scalar => {}
                        TypeKind::Enum(e) => {
                            entry.kind = Kind::Enum;
                            entry.enum_values = e.values.len();
                        }
                        TypeKind::InputObject(i) => {
                            entry.kind = Kind::InputObject;
                            entry.input_fields = i.fields.len();
                        }
                    }
                    raw.push(entry);
                }
            }
        }
        for scalar in BUILT_IN_SCALARS {
            if !raw.iter().any(|r| r.name == scalar) {
                raw.push(RawType {
                    name: scalar.to_owned(),
                    kind: Kind::Scalar,
                    fields: Vec::new(),
                    implements: Vec::new(),
                    input_fields: 0,
                    enum_values: 0,
                    introspection: false,
                });
            }
        }

        let by_name: HashMap<String, TypeId> = raw
            .iter()
            .enumerate()
            .map(|(i, r)| (r.name.clone(), i))
            .collect();
        let mut possible = vec![0usize; raw.len()];
        for r in &raw {
            for interface in &r.implements {
                if let Some(&i) = by_name.get(interface) {
                    possible[i] += 1;
                }
            }
        }
        for (union, list) in &members {
            if let Some(&i) = by_name.get(union) {
                possible[i] = list.len();
            }
        }
        let mut types: Vec<TypeInfo> = raw
            .iter()
            .enumerate()
            .map(|(i, r)| TypeInfo {
                name: r.name.clone(),
                kind: r.kind,
                fields: r
                    .fields
                    .iter()
                    .map(|f| {
                        let info = FieldInfo {
                            ty: by_name.get(&f.ty).copied(),
                            list: f.list,
                            args: f.args.clone(),
                            role: Role::Plain,
                        };
                        (f.name.clone(), info)
                    })
                    .collect(),
                introspection: r.introspection,
                connection: false,
                input_fields: r.input_fields,
                enum_values: r.enum_values,
                interfaces: r.implements.len(),
                possible_types: if r.kind == Kind::Interface || r.kind == Kind::Union {
                    possible[i]
                } else {
                    0
                },
            })
            .collect();

        // Connections: `pageInfo`, a list of `edges` and a list of `nodes`; the edge type's
        // `node` is the row.
        let mut edge_types = Vec::new();
        for ty in &mut types {
            let has = |name: &str, list: bool| ty.fields.get(name).is_some_and(|f| f.list == list);
            if ty.kind == Kind::Object
                && has("pageInfo", false)
                && has("edges", true)
                && has("nodes", true)
            {
                ty.connection = true;
                for (name, role) in [
                    ("nodes", Role::Nodes),
                    ("edges", Role::Edges),
                    ("totalCount", Role::TotalCount),
                ] {
                    if let Some(field) = ty.fields.get_mut(name) {
                        field.role = role;
                    }
                }
                if let Some(edge) = ty.fields.get("edges").and_then(|f| f.ty) {
                    edge_types.push(edge);
                }
            }
        }
        for edge in edge_types {
            if let Some(node) = types[edge].fields.get_mut("node")
                && !node.list
            {
                node.role = Role::EdgeNode;
            }
        }

        let find = |name: Option<String>, fallback: &str| {
            by_name.get(name.as_deref().unwrap_or(fallback)).copied()
        };
        let query_id = find(query, "Query");
        let mutation_id = find(mutation, "Mutation");
        let subscription_id = find(subscription, "Subscription");
        let schema_field = FieldInfo {
            ty: by_name.get("__Schema").copied(),
            list: false,
            args: Vec::new(),
            role: Role::Plain,
        };
        let type_field = FieldInfo {
            ty: by_name.get("__Type").copied(),
            list: false,
            args: vec![ArgInfo {
                name: "name".into(),
                default: None,
            }],
            role: Role::Plain,
        };
        let sizes = sizes(&types, directives.len() as u64, max_directive_args);
        Ok(SchemaIndex {
            types,
            by_name,
            query: query_id,
            mutation: mutation_id,
            subscription: subscription_id,
            schema_field,
            type_field,
            sizes,
        })
    }

    pub fn type_id(&self, name: &str) -> Option<TypeId> {
        self.by_name.get(name).copied()
    }

    pub fn ty(&self, id: TypeId) -> &TypeInfo {
        &self.types[id]
    }
}

fn sizes(types: &[TypeInfo], directives: u64, max_directive_args: u64) -> IntrospectionSizes {
    let count = types.len() as u64;
    let mut s = IntrospectionSizes {
        types: count,
        directives,
        max_directive_args,
        ..IntrospectionSizes::default()
    };
    for ty in types {
        let n = ty.fields.len() as u64;
        s.total_fields += n;
        s.max_fields = s.max_fields.max(n);
        for field in ty.fields.values() {
            let a = field.args.len() as u64;
            s.total_args += a;
            s.max_args = s.max_args.max(a);
        }
        let counts = [
            (
                &mut s.total_input_fields,
                &mut s.max_input_fields,
                ty.input_fields,
            ),
            (
                &mut s.total_enum_values,
                &mut s.max_enum_values,
                ty.enum_values,
            ),
            (
                &mut s.total_interfaces,
                &mut s.max_interfaces,
                ty.interfaces,
            ),
            (
                &mut s.total_possible_types,
                &mut s.max_possible_types,
                ty.possible_types,
            ),
        ];
        for (total, max, n) in counts {
            *total += n as u64;
            *max = (*max).max(n as u64);
        }
    }
    s
}
