"""Take screenshots of the main screens of a running arrears (for the README and for looking at pages).

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--user collector] [--out docs/img]
        [--account ID] [--money-account ID] [--remittance CLIENT_CODE]

--money-account opens the Payment tab of that account with $100.00 typed (the allocation preview);
--remittance shows that client's remittance page (the user must be allowed to see it, e.g. supervisor).

Uses Debian's chromium (/usr/bin/chromium) through Playwright; never downloads a browser.
"""

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="collector")
    parser.add_argument("--password", default="arrears-demo")  # the demo logins' password
    parser.add_argument("--out", type=Path, default=Path("docs/img"))
    parser.add_argument("--search", default="")
    parser.add_argument("--account", type=int, help="account id to show (default: the first search result)")
    parser.add_argument("--money-account", type=int, help="account id whose Payment tab to show")
    parser.add_argument("--remittance", default="", help="client code whose remittance page to show")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{args.base}/login/")
        page.fill("#id_username", args.user)
        page.fill("#id_password", args.password)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/$"))
        if args.search:
            page.fill("#search", args.search)
            page.wait_for_timeout(600)
        page.screenshot(path=str(args.out / "work.png"))
        href = f"/accounts/{args.account}/" if args.account else page.locator("table.results tbody tr[data-href]").first.get_attribute("data-href")
        page.goto(f"{args.base}{href}")
        page.screenshot(path=str(args.out / "account.png"), full_page=True)
        page.goto(f"{args.base}/placements/")
        page.screenshot(path=str(args.out / "placements.png"))
        if args.money_account:
            page.goto(f"{args.base}/accounts/{args.money_account}/")
            page.wait_for_load_state()
            page.keyboard.press("p")
            page.locator("#pay-form input[name=amount]").fill("100.00")
            page.locator("#pay-preview table").wait_for()
            page.screenshot(path=str(args.out / "money.png"))
        if args.remittance:
            page.goto(f"{args.base}/remittance/{args.remittance}/")
            page.screenshot(path=str(args.out / "remittance.png"), full_page=True)
        browser.close()
    print(f"screenshots in {args.out}/")


if __name__ == "__main__":
    main()
