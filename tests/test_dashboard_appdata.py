"""The session's data: a loaded data set in the app's form, joined with uploads, a document's file found."""
import pandas as pd
import pytest

from bench.synthetic import row, table
from dashboard import appdata
from dashboard.frame import prepare_problems
from extract.store import Dataset


def dataset(*rows, documents=None, texts=None, problems=()):
    docs = documents if documents is not None else pd.DataFrame({"doc": [r["doc"] for r in rows],
                                                                  "path": [""] * len(rows)})
    return Dataset(table(list(rows)), docs, prepare_problems(list(problems)), texts=texts or {})


@pytest.fixture()
def base():
    docs = pd.DataFrame({"doc": ["甲县_2021.txt", "乙县_2021.txt", "丙市_2021.txt"],
                         "path": ["/reports/甲县_2021.txt", None, ""]})
    return appdata.from_dataset(dataset(row(doc="甲县_2021.txt"), documents=docs))


def test_from_dataset_prepares_the_mentions(base):
    assert isinstance(base.mentions["region"].dtype, pd.CategoricalDtype)
    assert base.texts == {} and base.source is None and not base.cached


def test_no_uploads_is_the_base_itself(base):
    assert appdata.with_uploads(base, []) is base


def test_uploads_join_mentions_documents_problems_and_texts(base):
    upload = dataset(row(doc="新县.txt", region="新县", start=3), texts={"新县.txt": "新县全年…"},
                     problems=[type("P", (), {"doc": "坏.txt", "path": "", "reason": "no text found"})()])
    joined = appdata.with_uploads(base, [upload])
    assert len(joined.mentions) == 2 and set(joined.mentions["region"]) == {"甲县", "新县"}
    assert isinstance(joined.mentions["region"].dtype, pd.CategoricalDtype)
    assert joined.documents["doc"].tolist()[-1] == "新县.txt"
    assert joined.problems["doc"].tolist() == ["坏.txt"]
    assert joined.texts == {"新县.txt": "新县全年…"}
    assert len(base.mentions) == 1 and base.texts == {}  # the base is not written to


@pytest.mark.parametrize("doc, expected", [
    ("甲县_2021.txt", "/reports/甲县_2021.txt"),
    ("乙县_2021.txt", None),  # no path: a table file's document
    ("丙市_2021.txt", None),
    ("没有的文件.txt", None),
])
def test_document_path(base, doc, expected):
    assert appdata.document_path(base, doc) == expected
