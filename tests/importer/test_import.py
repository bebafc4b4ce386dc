"""Importing a UA document: a draft page with its targets, from the command line
and from the admin; bad documents create nothing."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape
from wagtail.models import Page

from example_site.home import seed
from ua_wagtail.importer.build import ImportRefused, build_draft
from ua_wagtail.importer.result import ParsedAction, ParsedTarget
from ua_wagtail.models import DocumentImport, Target, UrgentActionPage

from ..factories import TargetFactory
from .attacks import forged_docx, slow_pdf, zip_bomb_docx
from .documents import seed_docx, seed_pdf, seed_text
from .uploads import upload

pytestmark = pytest.mark.django_db
SEED_FILES = {
    "seed.txt": lambda: seed_text().encode(),
    "seed.docx": seed_docx,
    "seed.pdf": seed_pdf,
}


def run(*args) -> str:
    out = StringIO()
    call_command("import_urgent_action", *args, stdout=out)
    return out.getvalue()


def import_file(tmp_path, name, index_page) -> UrgentActionPage:
    path = tmp_path / name
    path.write_bytes(SEED_FILES[name]())
    run(str(path), "--parent", str(index_page.pk))
    return UrgentActionPage.objects.get(locale=index_page.locale, live=False)


def body_values(page) -> dict:
    return {child.block_type: child.value for child in page.body}


@pytest.mark.parametrize("name", SEED_FILES)
def test_the_seed_becomes_a_draft_with_every_fact(tmp_path, index_page, name):
    page = import_file(tmp_path, name, index_page)
    assert not page.live and page.has_unpublished_changes
    facts = {**seed.PAGE, "title": seed.TITLE, "deadline": seed.DEADLINE}
    for field, expected in facts.items():
        assert getattr(page, field) == expected, field
    blocks = body_values(page)
    steps = [(s["kind"], s["text"].source) for s in blocks["take_action"]["steps"]]
    assert steps == [(kind, f"<p>{text}</p>") for kind, text in seed.STEPS]
    letter = blocks["sample_letter"]
    assert letter["salutation"] == seed.LETTER_SALUTATION
    assert letter["closing"] == seed.LETTER_CLOSING
    assert letter["body"].source == seed.paragraphs_html(seed.LETTER_PARAGRAPHS)
    info = blocks["additional_information"]["body"].source
    assert info == seed.paragraphs_html(seed.ADDITIONAL_INFORMATION)
    chosen = [(item["target"], item["role"]) for item in blocks["targets"]["targets"]]
    assert [role for _target, role in chosen] == ["primary", "cc"]
    for (target, _role), expected in zip(
        chosen, [seed.MINISTER, seed.EMBASSY], strict=True
    ):
        for field, value in expected.items():
            assert getattr(target, field) == value, (target, field)


def test_targets_already_in_the_cms_are_reused(tmp_path, index_page):
    minister = TargetFactory(name="Someone Else", email=seed.MINISTER["email"])
    embassy = TargetFactory(
        honorific="", name=seed.EMBASSY["name"], email="old@example.org",
        organisation=seed.EMBASSY["organisation"],
    )  # fmt: skip
    page = import_file(tmp_path, "seed.txt", index_page)
    chosen = [item["target"] for item in body_values(page)["targets"]["targets"]]
    assert chosen == [minister, embassy]
    assert Target.objects.count() == 2


def test_a_dry_run_prints_json_and_writes_nothing(tmp_path, index_page):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text(), encoding="utf-8")
    data = json.loads(run(str(path), "--parent", str(index_page.pk), "--dry-run"))
    assert data["deadline"] == "2024-11-01"
    assert data["ua_number"] == "147/20"
    assert data["targets"][0]["fax"] == "+375 17 203 99 18"
    assert not UrgentActionPage.objects.exists() and not Target.objects.exists()


def test_the_index_is_found_by_path_and_must_be_an_index(tmp_path, index_page, home):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text(), encoding="utf-8")
    out = run(str(path), "--parent", "/urgent-actions/")
    assert "Created the draft" in out
    with pytest.raises(CommandError, match="not an Urgent Action index"):
        run(str(path), "--parent", str(home.pk))
    with pytest.raises(CommandError, match="No page"):
        run(str(path), "--parent", "/nowhere/")


def test_a_document_without_a_deadline_creates_nothing(index_page):
    parsed = ParsedAction(
        title="Free Jane Doe",
        ua_number="1/24",
        targets=[ParsedTarget(name="Official", email="o@example.org")],
    )
    before = Page.objects.count()
    with pytest.raises(ImportRefused, match="deadline"):
        build_draft(parsed, index_page)
    assert Page.objects.count() == before and not Target.objects.exists()


def test_invalid_contact_details_are_left_out_and_listed(index_page):
    import datetime

    parsed = ParsedAction(
        title="Free Jane Doe",
        deadline=datetime.date(2030, 1, 1),
        targets=[
            ParsedTarget(name="Official", email="o@example.org", fax="12"),
            ParsedTarget(name="Nobody", fax="not a number"),
        ],
    )
    imported = build_draft(parsed, index_page)
    assert Target.objects.get().fax == ""
    notes = " ".join(imported.left_for_editor)
    assert "“12” was left out of fax" in notes
    assert "Nobody" in notes and "was not added" in notes
    assert "Not found in the document: summary." in notes


class TestAdmin:
    URL = "/admin/ua-wagtail/import/"

    def upload(self, admin_client, index_page, name, data):
        return upload(admin_client, index_page, name, data)

    def failed(self, response) -> DocumentImport:
        """The import the upload was redirected to, which failed."""
        stored = DocumentImport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/admin/ua-wagtail/import/{stored.pk}/"
        assert stored.status == DocumentImport.Status.FAILED
        return stored

    def test_upload_makes_a_draft_and_shows_what_was_read(
        self, admin_client, index_page
    ):
        form = admin_client.get(self.URL, {"parent": index_page.pk})
        assert form.status_code == 200
        response = self.upload(admin_client, index_page, "ua.docx", seed_docx())
        page = UrgentActionPage.objects.get()
        stored = DocumentImport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/admin/ua-wagtail/import/{stored.pk}/"
        assert not page.live
        assert stored.page_id == page.pk and stored.file_name == "ua.docx"
        assert stored.status == DocumentImport.Status.DONE
        review = admin_client.get(response["Location"]).content.decode()
        assert "was made from the document" in review
        assert f'href="/admin/pages/{page.pk}/edit/"' in review

    def test_the_listing_and_the_index_offer_the_import(self, admin_client, index_page):
        listing = admin_client.get("/admin/urgent_actions/").content.decode()
        assert self.URL in listing
        explorer = admin_client.get(f"/admin/pages/{index_page.pk}/").content.decode()
        assert f"{self.URL}?parent={index_page.pk}" in explorer

    @pytest.mark.parametrize(
        ("name", "data"),
        [
            ("empty.txt", b""),
            ("ua.pdf", b"not a pdf at all"),
            ("ua.exe", b"MZ\x90\x00"),
        ],
    )
    def test_bad_documents_create_nothing(self, admin_client, index_page, name, data):
        """Refused on the form: nothing is stored or queued."""
        pages, targets = Page.objects.count(), Target.objects.count()
        response = self.upload(admin_client, index_page, name, data)
        assert response.status_code == 200
        errors = response.context["form"].errors["document"]
        assert errors and all(errors)
        assert (Page.objects.count(), Target.objects.count()) == (pages, targets)
        assert not DocumentImport.objects.exists()

    def test_a_document_that_is_no_urgent_action_creates_nothing(
        self, admin_client, index_page
    ):
        """Read by the task: the import fails, saying why."""
        pages, targets = Page.objects.count(), Target.objects.count()
        recipe = b"Pancakes\n\nMix flour, eggs and milk. Fry."
        stored = self.failed(
            self.upload(admin_client, index_page, "recipe.txt", recipe)
        )
        assert stored.error and stored.page is None
        assert (Page.objects.count(), Target.objects.count()) == (pages, targets)

    @pytest.mark.parametrize(
        ("name", "data", "limit", "message"),
        [
            (
                "ua.pdf",
                seed_pdf,
                ("MAX_PDF_PAGES", 1),
                "The PDF has 2 pages; at most 1",
            ),
            ("ua.pdf", slow_pdf, ("TIME_LIMIT", 1), "Reading the document took too"),
            ("ua.docx", zip_bomb_docx, None, "The Word document unpacks to far more"),
        ],
        ids=["pages", "time", "zip-bomb"],
    )
    def test_heavy_documents_are_refused_with_their_reason(
        self, admin_client, index_page, settings, name, data, limit, message
    ):
        if limit:
            setattr(settings, f"UA_WAGTAIL_IMPORT_{limit[0]}", limit[1])
        response = self.upload(admin_client, index_page, name, data())
        stored = self.failed(response)
        assert stored.error.startswith(message)
        assert not UrgentActionPage.objects.exists()
        shown = admin_client.get(response["Location"]).content.decode()
        assert escape(stored.error) in shown

    def test_editors_without_permission_cannot_import(self, client, index_page):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Permission

        user = get_user_model().objects.create_user("viewer", password="x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        assert client.get(self.URL).status_code in (302, 403)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"%PDF-broken", "damaged")],
)
def test_the_command_refuses_bad_files_clearly(tmp_path, index_page, content, message):
    path = tmp_path / ("ua.pdf" if content else "ua.txt")
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(path), "--parent", str(index_page.pk))
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.txt"), "--parent", str(index_page.pk))
    assert not UrgentActionPage.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "time_limit", "message"),
    [
        ("ua.pdf", slow_pdf, 1, "took too long"),
        ("ua.docx", forged_docx, 10, "may be damaged"),
        ("ua.docx", zip_bomb_docx, 10, "unpacks to far more than its size suggests"),
    ],
    ids=["time", "forged-sizes", "zip-bomb"],
)
def test_the_command_refuses_heavy_documents(
    tmp_path, index_page, settings, name, data, time_limit, message
):
    settings.UA_WAGTAIL_IMPORT_TIME_LIMIT = time_limit
    (tmp_path / name).write_bytes(data())
    with pytest.raises(CommandError, match=message):
        run(str(tmp_path / name), "--parent", str(index_page.pk))
    assert not UrgentActionPage.objects.exists()


def parsed_action(**values) -> ParsedAction:
    import datetime

    defaults = {
        "title": "Free Jane Doe",
        "ua_number": "12/24",
        "deadline": datetime.date(2030, 1, 1),
        "targets": [ParsedTarget(name="Official", email="o@example.org")],
    }
    return ParsedAction(**{**defaults, **values})


def test_the_importer_owns_the_draft_and_twins_are_noted(index_page, admin_user):
    first = build_draft(parsed_action(), index_page, user=admin_user)
    assert first.page.owner == admin_user
    second = build_draft(parsed_action(), index_page, user=admin_user)
    assert second.page.slug == "free-jane-doe-1"
    assert any("already has Urgent Action 12/24" in w for w in second.warnings)


def test_text_too_long_for_its_field_is_cut_and_said(index_page):
    imported = build_draft(parsed_action(subject_pronoun="she/her " * 20), index_page)
    assert len(imported.page.subject_pronoun) == 64
    assert any("pronoun was longer than 64" in n for n in imported.left_for_editor)


def test_titles_in_other_scripts_keep_their_slug(index_page):
    imported = build_draft(parsed_action(title="Освободить Марию"), index_page)
    assert imported.page.slug == "освободить-марию"


def test_an_official_known_in_another_language_is_translated(index_page):
    from wagtail.models import Locale

    french = TargetFactory(
        locale=Locale.objects.create(language_code="fr"), email="o@example.org"
    )
    imported = build_draft(parsed_action(), index_page)
    target = imported.created_targets[0]
    assert target.translation_key == french.translation_key
    assert target.locale == index_page.locale
