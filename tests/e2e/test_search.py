"""On a phone: type into the search box without diacritics, pick a suggestion, then filter results by a facet."""

from decimal import Decimal

from tests.factories import learning_area, level


def test_type_pick_a_suggestion_and_filter_by_a_facet(phone, live_server, make_course):
    welding = make_course(
        title="Hàn điện cơ bản", learning_area=learning_area("vocational"), duration_hours=Decimal("40")
    )
    make_course(title="Hàn điện nâng cao", learning_area=learning_area("vocational"), level=level("advanced"))
    make_course(title="Kỹ năng số cơ bản", learning_area=learning_area("digital"))

    phone.goto(f"{live_server.url}/search/")
    box = phone.locator("#search-q")
    box.tap()
    box.press_sequentially("han di", delay=40)
    suggestion = phone.locator("#search-q-suggestions a", has_text="Hàn điện cơ bản")
    suggestion.wait_for()
    assert phone.locator("#search-q-suggestions a").count() == 2
    suggestion.tap()
    phone.wait_for_url(f"**{welding.url}")

    phone.goto(f"{live_server.url}/search/?q=han+dien")
    results = phone.locator(".search-result h3")
    assert results.count() == 2
    phone.locator("#search-facets summary").tap()
    phone.locator('[data-facet="level"] a', has_text="Nâng cao").tap()
    phone.wait_for_url("**level=advanced**")
    assert phone.locator(".search-result h3").all_inner_texts() == ["Hàn điện nâng cao"]
    assert phone.locator('[data-facet="level"] a.selected').inner_text().startswith("Nâng cao")


def test_telex_and_abbreviations_typed_on_a_phone_without_a_vietnamese_keyboard(phone, live_server, make_course):
    make_course(title="Hàn điện cơ bản", learning_area=learning_area("vocational"))
    make_course(title="An toàn vệ sinh lao động tại xưởng", learning_area=learning_area("politics_law"))
    make_course(title="Kỹ năng số cơ bản", learning_area=learning_area("digital"))

    phone.goto(f"{live_server.url}/search/")
    box = phone.locator("#search-q")
    box.tap()
    box.press_sequentially("hanf ddi", delay=40)  # telex with the input method off
    suggestion = phone.locator("#search-q-suggestions a", has_text="Hàn điện cơ bản")
    suggestion.wait_for()

    phone.goto(f"{live_server.url}/search/?q=ATVSL%C4%90")
    understood = phone.locator("[data-search-understood]")
    assert understood.inner_text().startswith("Results for: an toàn vệ sinh lao động")
    assert phone.locator(".search-result h3").all_inner_texts()[0] == "An toàn vệ sinh lao động tại xưởng"
    phone.locator("[data-search-literal]").tap()
    phone.wait_for_url("**literal=1**")
    assert phone.locator("[data-search-understood]").count() == 0
    assert "An toàn vệ sinh lao động tại xưởng" not in phone.locator(".search-result h3").all_inner_texts()
