"""The model travels as JSON-able data and comes back identical (the store and API rely on it)."""

import json

from jixiao.model.codec import decode, encode
from jixiao.model.document import Document


def test_round_trip_goal_tables(goals_doc):
    data = json.loads(json.dumps(encode(goals_doc), ensure_ascii=False))
    assert decode(data, Document) == goals_doc


def test_round_trip_final_accounts(accounts_doc):
    data = json.loads(json.dumps(encode(accounts_doc), ensure_ascii=False))
    back = decode(data, Document)
    assert back == accounts_doc
    assert back.accounts.tables[0].entries[0].amounts[0].value == accounts_doc.accounts.tables[0].entries[0].amounts[0].value
    assert str(back.accounts.self_evaluations[10].total.value) == "99.75614267"
