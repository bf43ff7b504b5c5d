import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organizations.dates import DatePrecision, format_partial_date
from organizations.models import Affiliation, Organization, Person, Relationship
from tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db


class TestUniqueSlugs:
    def test_two_organizations_cannot_share_a_web_address(self):
        OrganizationFactory(slug="mila")

        with pytest.raises(IntegrityError), transaction.atomic():
            OrganizationFactory(slug="mila")

        assert Organization.objects.filter(slug="mila").count() == 1

    def test_two_people_cannot_share_a_web_address(self):
        PersonFactory(slug="yoshua-bengio")

        with pytest.raises(IntegrityError), transaction.atomic():
            PersonFactory(slug="yoshua-bengio")

        assert Person.objects.filter(slug="yoshua-bengio").count() == 1


class TestRelationshipConstraints:
    def test_organization_cannot_relate_to_itself(self):
        mila = OrganizationFactory()

        with pytest.raises(IntegrityError), transaction.atomic():
            Relationship.objects.create(
                from_organization=mila, to_organization=mila, kind=Relationship.Kind.PARTNER
            )

        assert not Relationship.objects.exists()

    def test_same_kind_of_relationship_cannot_be_recorded_twice_for_a_pair(self):
        relationship = RelationshipFactory(kind=Relationship.Kind.FUNDER)

        with pytest.raises(IntegrityError), transaction.atomic():
            RelationshipFactory(
                from_organization=relationship.from_organization,
                to_organization=relationship.to_organization,
                kind=Relationship.Kind.FUNDER,
            )

        assert Relationship.objects.count() == 1

    def test_a_pair_can_have_several_kinds_of_relationship(self):
        mila, ai_sweden = OrganizationFactory.create_batch(2)

        RelationshipFactory(
            from_organization=mila, to_organization=ai_sweden, kind=Relationship.Kind.PARTNER
        )
        RelationshipFactory(
            from_organization=mila, to_organization=ai_sweden, kind=Relationship.Kind.HOSTS
        )
        RelationshipFactory(
            from_organization=ai_sweden, to_organization=mila, kind=Relationship.Kind.MEMBER
        )

        assert mila.outgoing_relationships.count() == 2
        assert mila.incoming_relationships.count() == 1

    def test_directional_relationship_can_run_both_ways(self):
        sweden, canada = OrganizationFactory.create_batch(2)

        RelationshipFactory(
            from_organization=sweden, to_organization=canada, kind=Relationship.Kind.FUNDER
        )
        RelationshipFactory(
            from_organization=canada, to_organization=sweden, kind=Relationship.Kind.FUNDER
        )

        assert Relationship.objects.filter(kind=Relationship.Kind.FUNDER).count() == 2

    def test_partnership_cannot_be_recorded_again_from_the_other_side(self):
        mila, ai_sweden = OrganizationFactory.create_batch(2)
        RelationshipFactory(
            from_organization=mila, to_organization=ai_sweden, kind=Relationship.Kind.PARTNER
        )

        with pytest.raises(IntegrityError), transaction.atomic():
            RelationshipFactory(
                from_organization=ai_sweden, to_organization=mila, kind=Relationship.Kind.PARTNER
            )

        assert Relationship.objects.filter(kind=Relationship.Kind.PARTNER).count() == 1

    def test_full_clean_explains_a_partnership_recorded_from_the_other_side(self):
        existing = RelationshipFactory(kind=Relationship.Kind.PARTNER)
        reverse = Relationship(
            from_organization=existing.to_organization,
            to_organization=existing.from_organization,
            kind=Relationship.Kind.PARTNER,
        )

        with pytest.raises(ValidationError) as excinfo:
            reverse.full_clean()

        assert "These organizations are already partners." in excinfo.value.messages

    def test_relationship_cannot_end_before_it_starts(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            RelationshipFactory(since=datetime.date(2022, 1, 1), until=datetime.date(2021, 12, 31))

        assert not Relationship.objects.exists()

    @pytest.mark.parametrize(
        ("since", "until"),
        [
            (datetime.date(2021, 9, 1), None),
            (None, datetime.date(2021, 9, 1)),
            (datetime.date(2021, 9, 1), datetime.date(2021, 9, 1)),
            (datetime.date(2021, 9, 1), datetime.date(2023, 6, 30)),
        ],
    )
    def test_open_ended_same_day_and_later_endings_are_accepted(self, since, until):
        relationship = RelationshipFactory(since=since, until=until)

        relationship.refresh_from_db()
        assert (relationship.since, relationship.until) == (since, until)

    def test_full_clean_explains_a_relationship_to_itself(self):
        mila = OrganizationFactory()
        relationship = Relationship(
            from_organization=mila, to_organization=mila, kind=Relationship.Kind.PARTNER
        )

        with pytest.raises(ValidationError) as excinfo:
            relationship.full_clean()

        assert "An organization cannot relate to itself." in excinfo.value.messages

    def test_full_clean_explains_a_relationship_ending_before_it_starts(self):
        relationship = RelationshipFactory.build(
            from_organization=OrganizationFactory(),
            to_organization=OrganizationFactory(),
            since=datetime.date(2022, 1, 1),
            until=datetime.date(2021, 1, 1),
        )

        with pytest.raises(ValidationError) as excinfo:
            relationship.full_clean()

        assert "A relationship cannot end before it starts." in excinfo.value.messages

    def test_full_clean_explains_a_duplicate_relationship(self):
        existing = RelationshipFactory(kind=Relationship.Kind.HOSTS)
        duplicate = Relationship(
            from_organization=existing.from_organization,
            to_organization=existing.to_organization,
            kind=Relationship.Kind.HOSTS,
        )

        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()

        assert "These organizations already have this relationship." in excinfo.value.messages

    def test_relationship_reads_as_a_sentence_from_either_end(self):
        relationship = RelationshipFactory(
            from_organization=OrganizationFactory(name="Vinnova"),
            to_organization=OrganizationFactory(name="AI Sweden"),
            kind=Relationship.Kind.FUNDER,
        )

        assert str(relationship) == "Vinnova funds AI Sweden"
        assert relationship.inverse_phrase == "funded by"

    def test_since_is_shown_only_as_precisely_as_it_is_known(self):
        relationship = RelationshipFactory(
            kind=Relationship.Kind.HOSTS,
            since=datetime.date(2021, 9, 1),
            since_precision=DatePrecision.SEASON,
        )

        assert relationship.since_display == "fall 2021"
        assert relationship.until_display == ""


class TestAffiliationConstraints:
    def test_affiliation_cannot_end_before_it_starts(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            AffiliationFactory(
                start_date=datetime.date(2020, 5, 1), end_date=datetime.date(2020, 4, 30)
            )

        assert not Affiliation.objects.exists()

    @pytest.mark.parametrize(
        ("start_date", "end_date"),
        [
            (datetime.date(2020, 5, 1), None),
            (None, datetime.date(2020, 5, 1)),
            (None, None),
            (datetime.date(2020, 5, 1), datetime.date(2020, 5, 1)),
        ],
        ids=["open-ended", "start-unknown", "dates-unknown", "same-day"],
    )
    def test_open_ended_and_same_day_affiliations_are_accepted(self, start_date, end_date):
        affiliation = AffiliationFactory(start_date=start_date, end_date=end_date)

        affiliation.refresh_from_db()
        assert (affiliation.start_date, affiliation.end_date) == (start_date, end_date)

    def test_full_clean_explains_an_affiliation_ending_before_it_starts(self):
        affiliation = AffiliationFactory.build(
            person=PersonFactory(),
            organization=OrganizationFactory(),
            start_date=datetime.date(2020, 5, 1),
            end_date=datetime.date(2019, 5, 1),
        )

        with pytest.raises(ValidationError) as excinfo:
            affiliation.full_clean()

        assert "An affiliation cannot end before it starts." in excinfo.value.messages

    def test_person_cannot_hold_the_same_current_title_twice(self):
        current = AffiliationFactory(title="Co-Director", end_date=None)

        with pytest.raises(IntegrityError), transaction.atomic():
            AffiliationFactory(
                person=current.person,
                organization=current.organization,
                title="Co-Director",
                end_date=None,
            )

        assert current.person.affiliations.count() == 1

    def test_person_can_return_to_a_title_they_held_before(self):
        past = AffiliationFactory(
            title="Co-Director",
            start_date=datetime.date(2015, 1, 1),
            end_date=datetime.date(2018, 1, 1),
        )
        AffiliationFactory(person=past.person, organization=past.organization, title="Co-Director")

        assert past.person.affiliations.count() == 2
        assert [a.is_current for a in past.person.affiliations.all()] == [True, False]

    def test_current_affiliations_leave_out_roles_that_have_ended(self):
        ended = AffiliationFactory(
            start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2018, 1, 1)
        )
        ongoing = AffiliationFactory(person=ended.person)

        assert list(Affiliation.objects.current()) == [ongoing]
        assert list(Affiliation.objects.current(on=datetime.date(2017, 1, 1))) == [ongoing, ended]


class TestOrganization:
    def test_about_is_sanitized_when_saved(self):
        organization = OrganizationFactory(
            about='<p onclick="steal()">Lab<script>alert(1)</script> in Montreal</p>'
        )

        organization.refresh_from_db()
        assert organization.about == "<p>Lab in Montreal</p>"

    def test_about_is_sanitized_when_edited_later(self):
        organization = OrganizationFactory()
        organization.about = '<p>Profile <a href="javascript:alert(1)">link</a></p>'
        organization.save()

        organization.refresh_from_db()
        assert "javascript" not in organization.about
        assert "Profile" in organization.about

    def test_short_name_is_used_for_display_when_present(self):
        assert (
            OrganizationFactory(name="Mila - Quebec AI Institute", short_name="Mila").display_name
            == "Mila"
        )
        assert OrganizationFactory(name="Vinnova", short_name="").display_name == "Vinnova"

    def test_aliases_are_read_one_per_line_ignoring_blank_lines(self):
        organization = OrganizationFactory(
            aliases="Sweden's Innovation Agency\n\n  Vinnova agency  \n"
        )

        assert organization.alias_list == ["Sweden's Innovation Agency", "Vinnova agency"]

    def test_implausible_founding_year_is_rejected_by_the_database(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            OrganizationFactory(founded=20)

        assert not Organization.objects.exists()


class TestFormatPartialDate:
    @pytest.mark.parametrize(
        ("value", "precision", "expected"),
        [
            (datetime.date(2021, 9, 1), DatePrecision.YEAR, "2021"),
            (datetime.date(2021, 9, 1), DatePrecision.SEASON, "fall 2021"),
            (datetime.date(2021, 3, 1), DatePrecision.SEASON, "spring 2021"),
            (datetime.date(2021, 6, 21), DatePrecision.SEASON, "summer 2021"),
            (datetime.date(2021, 1, 1), DatePrecision.SEASON, "winter 2021"),
            (datetime.date(2021, 2, 28), DatePrecision.SEASON, "winter 2021"),
            (datetime.date(2021, 9, 1), DatePrecision.MONTH, "September 2021"),
            (datetime.date(2021, 9, 1), DatePrecision.DAY, "September 1, 2021"),
        ],
    )
    def test_shows_only_the_known_part_of_the_date(self, value, precision, expected):
        assert format_partial_date(value, precision) == expected

    def test_december_belongs_to_the_winter_of_the_next_year(self):
        assert format_partial_date(datetime.date(2021, 12, 1), DatePrecision.SEASON) == (
            "winter 2022"
        )

    def test_unknown_date_shows_nothing(self):
        assert format_partial_date(None, DatePrecision.DAY) == ""
        assert format_partial_date(None, DatePrecision.SEASON) == ""
