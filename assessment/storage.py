"""Where the questionnaire keeps its answers between steps: the session, written only on change.

formtools' own `SessionStorage` marks the session changed whenever its data is *read*, so every
step shown (a GET) rewrote the session row in the database. This storage is the same session
storage built on formtools' public `BaseStorage`, but only its writers (the current step, a
step's answers or files, the extra data, a reset) mark the session changed, and count their
`writes` (the wizard works out the saved answers again only after one). Selected with the
wizard's `storage_name`.
"""

from __future__ import annotations

from formtools.wizard.storage.base import BaseStorage


class SessionStorage(BaseStorage):
    def __init__(self, *args, **kwargs):
        self.writes = 0  # how many times it was written to in this request
        super().__init__(*args, **kwargs)
        if self.prefix not in self.request.session:
            self.init_data()

    @property
    def data(self) -> dict:
        return self.request.session[self.prefix]

    @data.setter
    def data(self, value: dict) -> None:
        self.request.session[self.prefix] = value  # assigning marks the session changed
        self.writes += 1

    def changed(self) -> None:
        self.request.session.modified = True
        self.writes += 1

    @BaseStorage.current_step.setter
    def current_step(self, value) -> None:
        BaseStorage.current_step.fset(self, value)
        self.changed()

    @BaseStorage.extra_data.setter
    def extra_data(self, value: dict) -> None:
        BaseStorage.extra_data.fset(self, value)
        self.changed()

    def set_step_data(self, step, cleaned_data) -> None:
        super().set_step_data(step, cleaned_data)
        self.changed()

    def set_step_files(self, step, files) -> None:
        super().set_step_files(step, files)
        self.changed()
