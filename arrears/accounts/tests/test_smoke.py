from arrears.ledger.queries import balances


def test_placed_accounts_open_with_their_balances(acme_accounts):
    assert balances(acme_accounts["A-1001"].pk)["interest"] == 3550
