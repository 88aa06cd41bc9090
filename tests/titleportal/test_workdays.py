import datetime

import pytest

from titleportal import workdays
from titleportal.models import CalendarDay

D = datetime.date


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
    def test_2027_falls_back_to_weekdays_without_error(self):
        assert not workdays.package_covers(2027)
        assert workdays.is_workday(D(2027, 1, 4))  # Monday
        assert not workdays.is_workday(D(2027, 1, 9))  # Saturday
        assert workdays.add_working_days(D(2027, 1, 1), 5) == D(2027, 1, 8)

    def test_administrator_entries_override_the_fallback(self):
        CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, note="元旦")
        CalendarDay.objects.create(date=D(2027, 1, 9), is_workday=True, note="调休上班")
        assert not workdays.is_workday(D(2027, 1, 1))
        assert workdays.is_workday(D(2027, 1, 9))

    def test_administrator_entries_override_the_package(self):
        CalendarDay.objects.create(date=D(2026, 10, 8), is_workday=False, note="临时放假")
        assert not workdays.is_workday(D(2026, 10, 8))

    def test_uncovered_years_name_2027_until_holidays_are_entered(self):
        assert workdays.uncovered_years(D(2026, 11, 23)) == [2027]
        CalendarDay.objects.create(date=D(2027, 2, 8), is_workday=False, note="春节")
        assert workdays.uncovered_years(D(2026, 11, 23)) == []

    def test_admin_index_warns_about_the_missing_year(self, client, demo):
        client.force_login(demo.admin)
        page = client.get("/admin/").content.decode()
        assert "2027" in page and "法定节假日" in page
        CalendarDay.objects.create(date=D(2027, 2, 8), is_workday=False, note="春节")
        assert "法定节假日" not in client.get("/admin/").content.decode()
