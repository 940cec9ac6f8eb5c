//! Form pieces. Every input is labelled and shows its own error, in French, beside the field.

use maud::{Markup, html};

use crate::error::FieldErrors;

/// The hidden CSRF field every POST form carries (htmx also sends it as a header).
pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="_csrf" value=(token); }
}

pub struct Input<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub value: &'a str,
    pub kind: &'a str,
    pub help: Option<&'a str>,
    pub required: bool,
    pub autocomplete: Option<&'a str>,
    pub inputmode: Option<&'a str>,
}

impl<'a> Input<'a> {
    pub fn new(name: &'a str, label: &'a str, value: &'a str) -> Self {
        Input { name, label, value, kind: "text", help: None, required: false, autocomplete: None, inputmode: None }
    }
    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }
    pub fn help(mut self, help: &'a str) -> Self {
        self.help = Some(help);
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn autocomplete(mut self, v: &'a str) -> Self {
        self.autocomplete = Some(v);
        self
    }
    pub fn inputmode(mut self, v: &'a str) -> Self {
        self.inputmode = Some(v);
        self
    }

    pub fn render(&self, errors: &FieldErrors) -> Markup {
        let error = errors.get(self.name);
        let id = format!("f-{}", self.name);
        html! {
            div.field.invalid[error.is_some()] {
                label for=(id) { (self.label) @if self.required { " " abbr title="obligatoire" { "*" } } }
                input id=(id) name=(self.name) type=(self.kind) value=(self.value)
                    required[self.required] autocomplete=[self.autocomplete] inputmode=[self.inputmode]
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| format!("{id}-err"))];
                @if let Some(message) = error { small.error id=(format!("{id}-err")) { (message) } }
                @else if let Some(help) = self.help { small.help { (help) } }
            }
        }
    }
}

/// A text input with its label and error.
pub fn field(name: &str, label: &str, value: &str, errors: &FieldErrors) -> Markup {
    Input::new(name, label, value).render(errors)
}

/// A multi-line text area with its label and error.
pub fn textarea(name: &str, label: &str, value: &str, errors: &FieldErrors) -> Markup {
    let error = errors.get(name);
    let id = format!("f-{name}");
    html! {
        div.field.invalid[error.is_some()] {
            label for=(id) { (label) }
            textarea id=(id) name=(name) rows="3" aria-invalid=[error.map(|_| "true")] { (value) }
            @if let Some(message) = error { small.error { (message) } }
        }
    }
}

/// A select with its label and error; `options` are (value, label).
pub fn select(name: &str, label: &str, options: &[(String, String)], selected: &str, errors: &FieldErrors) -> Markup {
    let error = errors.get(name);
    let id = format!("f-{name}");
    html! {
        div.field.invalid[error.is_some()] {
            label for=(id) { (label) }
            select id=(id) name=(name) aria-invalid=[error.map(|_| "true")] {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
            @if let Some(message) = error { small.error { (message) } }
        }
    }
}

/// A checkbox with its label.
pub fn checkbox(name: &str, value: &str, label: &str, checked: bool, disabled: bool) -> Markup {
    html! {
        label.check {
            input type="checkbox" name=(name) value=(value) checked[checked] disabled[disabled];
            span { (label) }
        }
    }
}

/// A message for the whole form (not one field), shown above the buttons.
pub fn form_error(errors: &FieldErrors) -> Markup {
    html! {
        @if let Some(message) = errors.get("_form") {
            p.form-error role="alert" { (message) }
        }
    }
}
