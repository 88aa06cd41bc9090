"""The four lists of 中小学教师信息 and the honours of 卫生技术信息 become rows.

The old free texts (TeacherInfo.moral_education, demonstration_lessons, rural_teaching,
mentoring; HealthInfo.honours) are dropped, not moved: a row needs dates, an appraisal result
and the like that a free text does not have, and no application in production used them
(the portal is not live). Applicants enter the rows anew.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0008_personal_profile'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='healthinfo',
            name='honours',
        ),
        migrations.RemoveField(
            model_name='teacherinfo',
            name='demonstration_lessons',
        ),
        migrations.RemoveField(
            model_name='teacherinfo',
            name='mentoring',
        ),
        migrations.RemoveField(
            model_name='teacherinfo',
            name='moral_education',
        ),
        migrations.RemoveField(
            model_name='teacherinfo',
            name='rural_teaching',
        ),
        migrations.AddField(
            model_name='healthinfo',
            name='aid_liangshan',
            field=models.BooleanField(blank=True, null=True, verbose_name='member of the Liangshan poverty-alleviation assistance team'),
        ),
        migrations.AddField(
            model_name='healthinfo',
            name='epidemic_category',
            field=models.CharField(blank=True, choices=[('hubei', 'Medical staff sent to support Hubei'), ('treatment', 'Front-line treatment staff'), ('prevention', 'Front-line prevention and control staff')], max_length=20, verbose_name='category of front-line medical staff'),
        ),
        migrations.AddField(
            model_name='healthinfo',
            name='epidemic_exam_exemption',
            field=models.BooleanField(blank=True, null=True, verbose_name='exempt from the education-exception and transfer exams'),
        ),
        migrations.AddField(
            model_name='healthinfo',
            name='epidemic_seniority_policy',
            field=models.BooleanField(blank=True, null=True, verbose_name='applies the seniority preference policy'),
        ),
        migrations.AddField(
            model_name='healthinfo',
            name='epidemic_thesis_policy',
            field=models.BooleanField(blank=True, null=True, verbose_name='achievements in place of the thesis review'),
        ),
        migrations.AddField(
            model_name='healthinfo',
            name='exceptional_file',
            field=models.FileField(blank=True, upload_to='applications/', verbose_name='materials for the exceptional promotion'),
        ),
        migrations.AddField(
            model_name='healthinfo',
            name='recommendation_letter',
            field=models.FileField(blank=True, upload_to='applications/', verbose_name='recommendation letter for front-line medical staff'),
        ),
        migrations.AddField(
            model_name='healthinfo',
            name='support_file',
            field=models.FileField(blank=True, upload_to='applications/', verbose_name='paired assistance materials'),
        ),
        migrations.AddField(
            model_name='healthinfo',
            name='support_type',
            field=models.CharField(blank=True, choices=[('urban_rural', 'Urban hospital supporting county or rural institutions'), ('east_west', 'East-west cooperation'), ('group', 'Group-based medical talent assistance'), ('other', 'Other')], max_length=20, verbose_name='type of paired assistance'),
        ),
        migrations.AddField(
            model_name='healthinfo',
            name='work_started_on',
            field=models.DateField(blank=True, null=True, verbose_name='started working on'),
        ),
        migrations.AddField(
            model_name='teacherinfo',
            name='is_cloud_teacher',
            field=models.BooleanField(blank=True, null=True, verbose_name='teaches in the cloud-classroom programme'),
        ),
        migrations.AlterField(
            model_name='healthinfo',
            name='epidemic_work',
            field=models.TextField(blank=True, verbose_name='results of epidemic prevention and control work'),
        ),
        migrations.CreateModel(
            name='HealthHonour',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('name', models.CharField(max_length=50, verbose_name='project name')),
                ('authority', models.CharField(max_length=50, verbose_name='awarding body')),
                ('obtained_on', models.DateField(verbose_name='obtained on')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='health_honour_rows', to='applications.application')),
            ],
            options={
                'verbose_name': 'honour',
                'verbose_name_plural': 'honours',
                'ordering': ['sort', 'pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='TeacherLesson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('given_on', models.DateField(verbose_name='date given')),
                ('lesson_type', models.CharField(choices=[('demonstration', 'Demonstration lesson'), ('open', 'Open lesson'), ('research', 'Research lesson'), ('lecture', 'Thematic lecture')], max_length=20, verbose_name='type')),
                ('topic', models.CharField(max_length=50, verbose_name='lesson or lecture topic')),
                ('organiser', models.CharField(max_length=50, verbose_name='organised by (scope)')),
                ('effect', models.TextField(max_length=200, verbose_name='results and effect')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='teacher_lesson_rows', to='applications.application')),
            ],
            options={
                'verbose_name': 'demonstration, open or research lesson or lecture',
                'verbose_name_plural': 'demonstration, open or research lessons and lectures',
                'ordering': ['sort', 'pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='TeacherMentoring',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('started_on', models.DateField(verbose_name='start date')),
                ('ended_on', models.DateField(verbose_name='end date')),
                ('mentee', models.CharField(max_length=50, verbose_name='teacher guided')),
                ('content', models.TextField(max_length=200, verbose_name='guidance given')),
                ('effect', models.TextField(max_length=200, verbose_name='results and effect')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='teacher_mentoring_rows', to='applications.application')),
            ],
            options={
                'verbose_name': 'guidance of another teacher',
                'verbose_name_plural': 'guidance of other teachers',
                'ordering': ['sort', 'pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='TeacherMoralEducation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('started_on', models.DateField(verbose_name='start date')),
                ('ended_on', models.DateField(verbose_name='end date')),
                ('result', models.CharField(choices=[('1', '优秀'), ('2', '合格（称职）'), ('3', '基本合格（基本称职）'), ('4', '不合格（不称职）'), ('5', '不定等次')], max_length=1, verbose_name='appraisal result')),
                ('content', models.TextField(max_length=200, verbose_name='work content')),
                ('effect', models.TextField(max_length=200, verbose_name='results and effect')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='teacher_moral_education_rows', to='applications.application')),
            ],
            options={
                'verbose_name': 'student moral education work',
                'verbose_name_plural': 'student moral education work',
                'ordering': ['sort', 'pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='TeacherRuralTeaching',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('started_on', models.DateField(verbose_name='start date')),
                ('ended_on', models.DateField(verbose_name='end date')),
                ('school', models.CharField(max_length=50, verbose_name='school taught at')),
                ('placement', models.CharField(choices=[('support', 'Supporting teaching'), ('teaching', 'Teaching there')], max_length=10, verbose_name='supporting or teaching')),
                ('content', models.TextField(max_length=200, verbose_name='work content')),
                ('effect', models.TextField(max_length=200, verbose_name='results and effect')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='teacher_rural_teaching_rows', to='applications.application')),
            ],
            options={
                'verbose_name': 'teaching at a rural or under-resourced school',
                'verbose_name_plural': 'teaching at rural or under-resourced schools',
                'ordering': ['sort', 'pk'],
                'abstract': False,
            },
        ),
    ]
