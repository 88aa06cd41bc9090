import datetime

import pytest
from django.utils import timezone

from reference import workdays
from reference.models import CalendarDay

pytestmark = pytest.mark.dates

D = datetime.date
# The first year the holiday package has no data for (2027 with chinesecalendar 1.11).
UNCOVERED = max(workdays._package_years()) + 1


def _first_weekday(year: int, weekday: int) -> datetime.date:
    day = D(year, 1, 1)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


@pytest.mark.django_db
class TestStatutoryCalendar2026:
    def test_national_day_week_is_off_and_adjusted_weekends_are_workdays(self):
        assert not any(workdays.is_workday(D(2026, 10, day)) for day in range(1, 8))
        assert workdays.is_workday(D(2026, 9, 20))  # Sunday, adjusted workday
        assert workdays.is_workday(D(2026, 10, 10))  # Saturday, adjusted workday
        assert not workdays.is_workday(D(2026, 10, 11))  # ordinary Sunday

    def test_spring_festival_is_off_and_adjusted_saturdays_are_workdays(self):
        assert not any(workdays.is_workday(D(2026, 2, day)) for day in range(15, 24))
        assert workdays.is_workday(D(2026, 2, 14))
        assert workdays.is_workday(D(2026, 2, 28))

    def test_five_working_days_across_national_day(self):
        # Counting starts the day after: 10-08, 10-09, 10-10 (adjusted Saturday), 10-12, 10-13.
        assert workdays.add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)

    def test_five_working_days_across_spring_festival(self):
        # 02-14 (adjusted Saturday), then 02-24 to 02-27 after the holiday.
        assert workdays.add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)

    def test_working_days_between_agrees_with_adding(self):
        end = workdays.add_working_days(D(2026, 9, 30), 5)
        assert workdays.working_days_between(D(2026, 9, 30), end) == 5

    def test_start_day_is_not_counted(self):
        assert workdays.add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 24)
        assert workdays.add_working_days(D(2026, 11, 23), 0) == D(2026, 11, 23)


@pytest.mark.django_db
class TestYearWithoutPackageData:
    def test_an_uncovered_year_falls_back_to_weekdays_without_error(self):
        assert not workdays.package_covers(UNCOVERED)
        monday = _first_weekday(UNCOVERED, 0)
        assert workdays.is_workday(monday)
        assert not workdays.is_workday(monday + datetime.timedelta(days=5))  # Saturday
        assert workdays.add_working_days(monday, 5) == monday + datetime.timedelta(days=7)

    def test_administrator_entries_override_the_fallback(self):
        new_year = D(UNCOVERED, 1, 1)
        saturday = _first_weekday(UNCOVERED, 5)
        CalendarDay.objects.create(date=new_year, is_workday=False, note="元旦")
        CalendarDay.objects.create(date=saturday, is_workday=True, note="调休上班")
        assert not workdays.is_workday(new_year)
        assert workdays.is_workday(saturday)

    def test_administrator_entries_override_the_package(self):
        CalendarDay.objects.create(date=D(2026, 10, 8), is_workday=False, note="临时放假")
        assert not workdays.is_workday(D(2026, 10, 8))

    def test_uncovered_years_name_the_next_year_until_holidays_are_entered(self):
        assert workdays.uncovered_years(D(2026, 11, 23)) == [2027]
        CalendarDay.objects.create(date=D(2027, 2, 8), is_workday=False, note="春节")
        assert workdays.uncovered_years(D(2026, 11, 23)) == []

    def test_uncovered_years_are_this_year_and_next_without_data(self):
        far = D(2030, 6, 3)
        assert workdays.uncovered_years(far) == [2030, 2031]
        # A holiday entered on a weekday covers 2030; 2031 stays uncovered.
        CalendarDay.objects.create(date=D(2030, 10, 1), is_workday=False, note="国庆节")
        assert workdays.uncovered_years(far) == [2031]

    def test_admin_index_warns_about_the_missing_year(self, client, demo):
        client.force_login(demo.admin)
        missing = workdays.uncovered_years(timezone.localdate())
        page = client.get("/admin/").content.decode()
        if not missing:  # the clock sits in a year the package covers, with next year too
            assert "法定节假日" not in page
            return
        assert str(missing[0]) in page and "法定节假日" in page
        for year in missing:  # a holiday on a weekday is holiday data for that year
            CalendarDay.objects.create(date=_first_weekday(year, 0), is_workday=False, note="假日")
        assert "法定节假日" not in client.get("/admin/").content.decode()

    def test_five_working_days_from_today_end_on_a_working_day(self):
        # Whatever day the clock shows, 5 working days never end on a weekend.
        end = workdays.add_working_days(timezone.localdate(), 5)
        assert workdays.is_workday(end)
        assert workdays.working_days_between(timezone.localdate(), end) == 5
