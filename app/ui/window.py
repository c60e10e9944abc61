"""The Rehearse window: three places (Interview, Review, Vocabulary), a message
banner, a status line for the speech model, and the keyboard shortcuts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.interview import InterviewPage
from app.ui.services import Services
from app.ui.vocabulary import VocabularyPage
from app.ui.widgets import MessageBanner, label
from app.ui.workers import JobRunner

log = logging.getLogger(__name__)

PLACES = ("Interview", "Review", "Vocabulary")
RATES = (("Slower", 120), ("Normal", 150), ("Faster", 175))
# Keys of the Interview page, and the name ``InterviewPage.handle_key`` knows them by.
PAGE_KEYS = {
    "Space": "space",
    "R": "r",
    "Return": "enter",
    "Enter": "enter",
    "Escape": "escape",
    **{str(n): str(n) for n in range(1, 5)},
    **{letter: letter.lower() for letter in "ABCD"},
}


def _placeholder(text: str) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addWidget(label("Review", size=1.6, bold=True))
    layout.addWidget(label(text))
    layout.addStretch(1)
    return page


def _review_page(services: Services, reanalyse: Callable[[Any], None]) -> QWidget:
    """The Review page, or a note saying why it is not available."""
    if services.store is None or services.review_player is None:
        return _placeholder(
            "Your answers are not being saved on this computer, so there is nothing "
            "to review yet. Practice on the Interview page still works."
        )
    try:
        from app.ui.review import ReviewPage
    except ImportError as e:
        log.warning("the Review page is not available: %s", e)
        return _placeholder("Past attempts cannot be shown in this version.")
    try:
        return ReviewPage(
            services.store,
            list(services.packs),
            services.review_player,
            reanalyse=reanalyse,
        )
    except Exception as e:
        log.exception("the Review page failed to open")
        return _placeholder(f"Past attempts cannot be shown: {e}")


class MainWindow(QMainWindow):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Rehearse")
        self.setMinimumSize(760, 560)
        self.runner = JobRunner(parent=self)
        self.banner = MessageBanner()

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Places")
        for place in PLACES:
            item = QListWidgetItem(place)
            item.setSizeHint(QSize(0, 40))
            self.nav.addItem(item)
        self.nav.setFixedWidth(150)
        self.nav.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.interview = InterviewPage(services, self.banner, self.runner)
        self.review = _review_page(services, self.interview.reanalyse)
        self.vocabulary = VocabularyPage()
        self.pages = QStackedWidget()
        for page in (self.interview, self.review, self.vocabulary):
            self.pages.addWidget(page)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.banner)
        column.addWidget(self.pages, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(body, 1)
        self.setCentralWidget(central)
        self.model_label = QLabel("")
        self.statusBar().addWidget(self.model_label, 1)

        self.nav.currentRowChanged.connect(self._on_nav_changed)
        self.interview.model_status.connect(self.model_label.setText)
        self.interview.pack_changed.connect(self.vocabulary.show_pack)
        self.interview.attempt_saved.connect(self._on_attempt_saved)
        self.interview.feedback_view.hear_requested.connect(self._on_hear_requested)
        self.vocabulary.hear_requested.connect(self._on_hear_requested)
        self.vocabulary.show_pack(
            self.interview.session.pack if self.interview.session else None
        )

        self._page_shortcuts: list[QShortcut] = []
        for sequence, key in PAGE_KEYS.items():
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.activated.connect(lambda k=key: self._on_page_key(k))
            self._page_shortcuts.append(shortcut)
        for number in range(len(PLACES)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self)
            shortcut.activated.connect(lambda n=number: self.nav.setCurrentRow(n))
        self._build_menu()
        self.nav.setCurrentRow(0)

        geometry = services.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1000, 760)

    def start(self) -> None:
        """Begin the background work: the speech model starts loading."""
        self.interview.load_model()

    def attach_history(self, store: Any, player: Any) -> None:
        """Start saving attempts to ``store``, and show them on the Review page.

        The window opens before the history does, so that it shows at once.
        """
        self.services.store = store
        self.services.review_player = player
        review = _review_page(self.services, self.interview.reanalyse)
        current = self.pages.currentIndex()
        self.pages.removeWidget(self.review)
        self.review.deleteLater()
        self.review = review
        self.pages.insertWidget(1, review)
        self.pages.setCurrentIndex(current)

    def show_place(self, name: str) -> None:
        self.nav.setCurrentRow(PLACES.index(name))

    def _on_nav_changed(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        for shortcut in self._page_shortcuts:
            shortcut.setEnabled(row == 0)

    def _on_page_key(self, key: str) -> None:
        if self.interview.handle_key(key):
            return
        focused = QApplication.focusWidget()
        if key in ("space", "enter") and isinstance(focused, QAbstractButton):
            # The key was not the page's: let it press the focused button as usual.
            focused.animateClick()

    def _on_attempt_saved(self) -> None:
        refresh = getattr(self.review, "refresh", None)
        if refresh is not None:
            refresh()

    def _on_hear_requested(self, text: str) -> None:
        self.interview.speak(text)

    def _build_menu(self) -> None:
        settings = self.services.settings
        menu = self.menuBar().addMenu("&Settings")
        self.voice_menu = menu.addMenu("Voice")
        self.voice_menu.aboutToShow.connect(self._fill_voice_menu)
        rate_menu = menu.addMenu("Reading speed")
        group = QActionGroup(self)
        for name, rate in RATES:
            action = QAction(f"{name} ({rate} words per minute)", self, checkable=True)
            action.setChecked(settings.rate == rate)
            action.triggered.connect(lambda _checked=False, r=rate: self._set_rate(r))
            group.addAction(action)
            rate_menu.addAction(action)
        self.model_menu = menu.addMenu("Speech model")
        self.model_menu.aboutToShow.connect(self._fill_model_menu)

    def _fill_voice_menu(self) -> None:
        self.voice_menu.clear()
        voices = getattr(self.services.voice, "voices", None)
        group = QActionGroup(self.voice_menu)
        for info in voices() if voices else []:
            action = QAction(info.name, self.voice_menu, checkable=True)
            action.setChecked(info.id == self.services.settings.voice)
            action.triggered.connect(
                lambda _checked=False, v=info.id: self._set_voice(v)
            )
            group.addAction(action)
            self.voice_menu.addAction(action)

    def _fill_model_menu(self) -> None:
        self.model_menu.clear()
        group = QActionGroup(self.model_menu)
        for name in self.services.list_models():
            action = QAction(name, self.model_menu, checkable=True)
            action.setChecked(name == self.interview.model.name)
            action.triggered.connect(
                lambda _checked=False, n=name: self.interview.set_model(n)
            )
            group.addAction(action)
            self.model_menu.addAction(action)

    def _set_voice(self, voice: str) -> None:
        self.services.settings.voice = voice
        self.services.voice.voice = voice

    def _set_rate(self, rate: int) -> None:
        self.services.settings.rate = rate
        self.services.voice.rate = rate

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Keep any recording, stop background work, and save the settings."""
        self.interview.shutdown()
        self.runner.shutdown()
        self.services.settings.geometry = self.saveGeometry()
        self.services.settings.sync()
