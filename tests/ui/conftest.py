"""Fixtures for the window tests: a window on fakes, opened and closed cleanly."""

from __future__ import annotations

import pytest
from fakes import make_services
from PySide6.QtCore import Qt

from app.ui.interview import State
from app.ui.window import MainWindow


@pytest.fixture
def open_window(qtbot, tmp_path):
    """Opens a window on fakes; closes it (and drains its workers) afterwards."""
    windows: list[MainWindow] = []

    def open_(**fakes) -> MainWindow:
        window = MainWindow(make_services(tmp_path, **fakes))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.start()
        windows.append(window)
        return window

    yield open_
    for window in windows:
        window.shutdown()


class Steps:
    """Small actions shared by the tests."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot

    def click(self, widget) -> None:
        assert widget.isVisible() and widget.isEnabled(), widget
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def wait_state(self, window: MainWindow, state: State) -> None:
        self.qtbot.waitUntil(lambda: window.interview.state == state, timeout=5000)

    def record(self, window: MainWindow, seconds: float = 2.0) -> None:
        """Record from the fake microphone until it has played ``seconds``."""
        page = window.interview
        self.click(page.question_view.record)
        assert page.state == State.RECORDING
        self.qtbot.waitUntil(lambda: page.recorder.elapsed_s >= seconds)
        self.click(page.question_view.record)


@pytest.fixture
def steps(qtbot) -> Steps:
    return Steps(qtbot)
