"""Every row and column of the corpus, seeds, evaluation and sample tables (and
of variants made from the corpus) as the reference (``tests/golden.py``)
recorded them: a speed change must change nothing. A deliberate change of
output regenerates the reference (``python tests/golden.py write``)."""
from __future__ import annotations

import pytest

from tests import golden


@pytest.mark.evaluation
@pytest.mark.parametrize("name", golden.NAMES)
def test_set_matches_the_reference(name):
    if not any(k.startswith(name + "/") for k in golden.read_checksums()):
        pytest.skip(f"no reference for {name} (python tests/golden.py write)")
    docs = golden.documents(name)
    if docs is None:
        pytest.skip(f"the folder of {name} is absent")
    diff = golden.differences(name, docs)
    assert not diff, "\n".join(diff)
