//! A typed event of the IPC contract: its name and payload type declared together in
//! `commands.rs`, so the shell cannot emit another payload under the name and the UI's
//! generated client knows both.

use std::marker::PhantomData;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};

/// An event the shell emits to the UI, carrying a `T`.
pub struct Event<T> {
    name: &'static str,
    payload: PhantomData<fn(T)>,
}

impl<T: Serialize + Clone> Event<T> {
    /// The event called `name` on the wire.
    pub const fn new(name: &'static str) -> Event<T> {
        Event {
            name,
            payload: PhantomData,
        }
    }

    /// Sends `payload` to every window; a window that is gone is no error worth reporting.
    pub fn emit<R: Runtime>(&self, app: &AppHandle<R>, payload: &T) {
        drop(app.emit(self.name, payload));
    }
}
