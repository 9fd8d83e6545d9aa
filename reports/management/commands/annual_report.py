from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.errors import ApplicationError
from core.management.output import write_output
from reports.api.serializers import GenerateSerializer
from reports.appendix import appendix_tables
from reports.docx.annual import annual_report_docx
from reports.excel import appendix_xlsx
from reports.models import AnnualReport
from reports.selectors import effective_narrative, report_preview
from reports.services.reports import last_complete_year, validate_year


class Command(BaseCommand):
    help = "按当前数据编制某年度落实全面从严治党主体责任情况报告，输出 Word 文件（不保存版本）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="年度，默认为上一个完整年度")
        parser.add_argument("--out", required=True, help="输出的 .docx 文件路径")
        parser.add_argument("--xlsx", help="同时输出统计附表（.xlsx）的路径")
        parser.add_argument("--report-date", help="成文日期（YYYY-MM-DD，同 API 的 report_date），默认为今天")
        parser.add_argument("--strict", action="store_true", help="有待填数字时以非零状态退出")

    def handle(self, *args, year=None, out, xlsx=None, strict=False, report_date=None, **options):
        try:
            year = validate_year(year if year is not None else last_complete_year())
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        report_date = _report_date(year, report_date)
        if not out.lower().endswith(".docx"):
            raise CommandError("--out 应为 .docx 文件")
        if xlsx and not xlsx.lower().endswith(".xlsx"):
            raise CommandError("--xlsx 应为 .xlsx 文件")
        narrative = effective_narrative(year)
        view = report_preview(year, narrative=narrative, report_date=report_date, with_ids=bool(xlsx))
        rendered = view.rendered
        write_output(out, annual_report_docx(rendered), option="--out", suffix=".docx")
        self.stdout.write(self.style.SUCCESS(f"已写出 {out}（{year}年度）"))
        if xlsx:
            report = AnnualReport(
                year=year,
                version=0,
                narrative=narrative,
                figures={code: f.as_dict() for code, f in view.figures.items()},
                tables=appendix_tables(year),
                report_date=report_date,
            )
            write_output(xlsx, appendix_xlsx(report), option="--xlsx", suffix=".xlsx")
            self.stdout.write(self.style.SUCCESS(f"已写出 {xlsx}"))
        manual = {seg.code for seg in rendered.manual}
        if manual:
            self.stdout.write(f"有 {len(manual)} 项数字为人工确认（文中已标明）。")
        flagged = rendered.flagged
        if flagged:
            self.stdout.write(self.style.WARNING(f"有 {len(flagged)} 处待填："))
            for seg in flagged:
                self.stdout.write(f"  {seg.text} {seg.reason}")
            if strict:
                raise CommandError("报告中仍有待填的数字")
        else:
            self.stdout.write("所有数字均有数据支撑。")


def _report_date(year, raw):
    """Parse --report-date the way the API parses ``report_date`` (its serializer field); today if absent."""
    if raw is None:
        return timezone.localdate()
    serializer = GenerateSerializer(data={"year": year, "report_date": raw})
    if not serializer.is_valid():
        errors = serializer.errors.get("report_date") or ["日期格式错误"]
        example = f"{year + 1}-01-15"
        raise CommandError(f"--report-date “{raw}”不是有效的成文日期：{errors[0]}（应为 YYYY-MM-DD，如 {example}）")
    return serializer.validated_data["report_date"]
