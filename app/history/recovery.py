"""Find recordings that were cut off, and make their audio readable again."""

from __future__ import annotations

import logging

from app.audio.wavfile import repair_wav
from app.errors import AudioError
from app.history.store import Attempt, HistoryStore

log = logging.getLogger(__name__)


def recover(store: HistoryStore) -> list[Attempt]:
    """Repair the audio of every unfinished attempt and return those that have some.

    An attempt stays unfinished when the app stopped while the learner was speaking
    or before the answer was transcribed. Its WAV file then has the sizes of its last
    header update; ``repair_wav`` makes the header cover every sample on disk. The
    attempts returned can be transcribed and finished as usual. Attempts whose file
    is missing or unreadable are left as they are, for the learner to delete.
    """
    recovered = []
    for attempt in store.unfinished():
        audio = attempt.audio_path
        if audio is None or not audio.is_file():
            log.debug("attempt %d has no recording to recover", attempt.id)
            continue
        if not store.made_recording(audio):
            # A file the learner opened was never being written by us: it is
            # whole, and it is theirs, so it is neither repaired nor offered.
            log.debug("attempt %d used a file the learner opened", attempt.id)
            continue
        try:
            duration = repair_wav(audio)
        except (AudioError, OSError) as error:
            log.warning(
                "could not repair the recording of attempt %d: %s", attempt.id, error
            )
            continue
        if duration <= 0:
            log.debug("attempt %d has an empty recording", attempt.id)
            continue
        log.info("recovered %.1f s of audio for attempt %d", duration, attempt.id)
        recovered.append(attempt)
    return recovered
