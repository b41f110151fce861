"""Documents: dispatch drafts to render, and issued documents that other data cites."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal, NotRequired

from pydantic import ConfigDict, Field, StringConstraints, model_validator, with_config
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from cchc.models.common import MAX_WITHIN, Model, Slug, Text


class DocType(StrEnum):
    """Document types of Điều 7 ND 30/2020 (and the legal acts the data cites)."""

    CONG_VAN = "cong-van"
    TO_TRINH = "to-trinh"
    KE_HOACH = "ke-hoach"
    THONG_BAO = "thong-bao"
    BAO_CAO = "bao-cao"
    QUYET_DINH = "quyet-dinh"
    CHI_THI = "chi-thi"
    HUONG_DAN = "huong-dan"
    CHUONG_TRINH = "chuong-trinh"
    QUY_CHE = "quy-che"
    QUY_DINH = "quy-dinh"
    BIEN_BAN = "bien-ban"
    GIAY_MOI = "giay-moi"
    NGHI_QUYET = "nghi-quyet"
    NGHI_DINH = "nghi-dinh"
    THONG_TU = "thong-tu"
    LUAT = "luat"

    @property
    def label(self) -> str:
        return DOC_TYPE_INFO[self][0]

    @property
    def abbreviation(self) -> str | None:
        """Abbreviation of the type in the ký hiệu (PL III ND 30); công văn has none."""
        return DOC_TYPE_INFO[self][1]


DOC_TYPE_INFO: dict[DocType, tuple[str, str | None]] = {
    DocType.CONG_VAN: ("Công văn", None),
    DocType.TO_TRINH: ("Tờ trình", "TTr"),
    DocType.KE_HOACH: ("Kế hoạch", "KH"),
    DocType.THONG_BAO: ("Thông báo", "TB"),
    DocType.BAO_CAO: ("Báo cáo", "BC"),
    DocType.QUYET_DINH: ("Quyết định", "QĐ"),
    DocType.CHI_THI: ("Chỉ thị", "CT"),
    DocType.HUONG_DAN: ("Hướng dẫn", "HD"),
    DocType.CHUONG_TRINH: ("Chương trình", "CTr"),
    DocType.QUY_CHE: ("Quy chế", "QC"),
    DocType.QUY_DINH: ("Quy định", "QyĐ"),
    DocType.BIEN_BAN: ("Biên bản", "BB"),
    DocType.GIAY_MOI: ("Giấy mời", "GM"),
    DocType.NGHI_QUYET: ("Nghị quyết", "NQ"),
    DocType.NGHI_DINH: ("Nghị định", "NĐ"),
    DocType.THONG_TU: ("Thông tư", "TT"),
    DocType.LUAT: ("Luật", None),
}


class Signer(Model):
    authority: str | None = Field(default=None, description="Quyền hạn ký, ví dụ \"KT. CHỦ TỊCH\", \"TM. ỦY BAN NHÂN DÂN\"")
    title: Text = Field(description="Chức vụ người ký, ví dụ \"PHÓ CHỦ TỊCH\"")
    agency_title: str | None = Field(
        default=None, description="Chức vụ tại cơ quan (tổ chức tư vấn dùng dấu cơ quan), ví dụ \"PHÓ GIÁM ĐỐC SỞ NỘI VỤ\"")
    name: str | None = Field(default=None, description="Họ tên người ký; bỏ trống nếu chưa xác định")


class Correction(Model):
    """A documented difference between a rendered document and its source text (the original
    the template reproduces word for word): ``from`` → ``to`` replaces source words, ``from``
    alone is source text the document leaves out, ``to`` alone is text the document adds."""

    from_: str | None = Field(default=None, alias="from", description="Nguyên văn trong văn bản nguồn")
    to: str | None = Field(default=None, description="Nội dung trong văn bản soạn ra")
    reason: Text = Field(description="Lý do sửa, ví dụ \"trích yếu không có dấu chấm cuối (ND 30, Mục II.5)\"")

    @model_validator(mode="after")
    def _changes_something(self) -> Correction:
        if not self.from_ and not self.to:
            raise PydanticCustomError("correction_empty", "cần ghi from (nguyên văn nguồn), to (nội dung soạn ra) hoặc cả hai")
        if self.from_ is not None and self.to is not None and " ".join(self.from_.split()) == " ".join(self.to.split()):
            raise PydanticCustomError("correction_same", "from và to giống nhau: không phải một chỗ sửa")
        return self


class AppendixKind(StrEnum):
    ASSIGNMENT = "phan-cong"  # the assignment table of an assignment set
    TASKS = "nhiem-vu"  # the tasks of the document
    MARKUP = "noi-dung"  # free content in the body markup


class Appendix(Model):
    kind: AppendixKind
    title: Text = Field(description="Tên phụ lục (chữ in hoa khi trình bày)")
    assignment: Slug | None = None
    body: str | None = None
    landscape: bool = False

    @model_validator(mode="after")
    def _has_content(self) -> Appendix:
        if self.kind is AppendixKind.ASSIGNMENT and not self.assignment:
            raise PydanticCustomError("appendix_assignment", "phụ lục phân công cần ghi assignment")
        if self.kind is AppendixKind.MARKUP and not self.body:
            raise PydanticCustomError("appendix_body", "phụ lục nội dung cần ghi body")
        return self


class Element(StrEnum):
    """ND 30 elements a draft may lack; ``Document.unknown`` states why one is left blank."""

    NUMBER = "number"  # ô 3: số (a dated document without its number)
    DRAFTING_UNIT = "drafting_unit"  # ô 3, 9b: ký hiệu and "Lưu: VT, …" without the drafting unit
    SIGNER = "signer"  # ô 7a: quyền hạn, chức vụ
    SIGNER_NAME = "signer_name"  # ô 7b: họ tên người ký
    RECIPIENTS = "recipients"  # ô 9a: Kính gửi of a công văn
    APPENDIX = "appendix"  # Mục III.1: an appendix the content refers to


ELEMENT_LABELS = {
    Element.NUMBER: "Số văn bản",
    Element.DRAFTING_UNIT: "Đơn vị soạn thảo (trong ký hiệu và dòng «Lưu: VT, …»)",
    Element.SIGNER: "Quyền hạn, chức vụ người ký",
    Element.SIGNER_NAME: "Họ tên người ký",
    Element.RECIPIENTS: "Kính gửi",
    Element.APPENDIX: "Phụ lục",
}


@with_config(ConfigDict(extra="forbid"))
class ReminderData(TypedDict):
    """``data.reminder`` of a công văn đôn đốc: read by the renderer and ``deadlines --remind``."""

    within: NotRequired[Annotated[int, Field(ge=0, le=MAX_WITHIN, description=(
        "Sắp đến hạn: còn không quá ngần này ngày làm việc (mặc định 5)"))]]
    agency: NotRequired[Annotated[Slug | None, Field(description="Chỉ đôn đốc cơ quan chủ trì này")]]


@with_config(ConfigDict(extra="allow"))
class DocumentData(TypedDict):
    """``data:`` of a document: free-form variables for its template, except the keys cchc's own
    code reads, which are typed here so that whatever ``validate`` accepts, rendering handles."""

    reminder: NotRequired[ReminderData]
    size_pairing: NotRequired[Annotated[Literal["13/14/14", "12/13/13"], Field(description=(
        "Cỡ chữ tên cơ quan / nội dung / tên loại (Nghị định 30/2020)"))]]
    reply_working_days: NotRequired[Annotated[int, Field(ge=0, le=MAX_WITHIN, description=(
        "Hạn báo cáo kết quả: số ngày làm việc kể từ ngày tính (công văn đôn đốc)"))]]


class Document(Model):
    id: Slug
    type: DocType
    issuer: Slug | None = Field(default=None, description="Cơ quan ban hành (mã trong agencies)")
    issuer_name: str | None = Field(default=None, description="Tên cơ quan ban hành nếu không có trong agencies")
    header_lines: list[str] = Field(
        default_factory=list,
        description="Thay tên cơ quan ban hành ở góc trái (in hoa, đậm), ví dụ \"TỔ GIÚP VIỆC\"")
    header_parent_lines: list[str] = Field(
        default_factory=list,
        description="Tên cơ quan chủ quản phía trên (in hoa, không đậm), dùng cùng header_lines")
    number: int | Annotated[str, StringConstraints(pattern=r"^0*[1-9][0-9]*$")] | None = Field(
        default=None, description="Số văn bản; để trống với dự thảo. Số có chữ số 0 đứng đầu ghi như văn bản, "
                                  "trong dấu nháy: \"012\" (Đắk Lắk từ 7/2025)")
    symbol: str | None = Field(default=None, description="Ký hiệu sau dấu \"/\", ví dụ \"UBND-KSTTHC\"")
    drafting_unit: str | None = Field(default=None, description="Viết tắt đơn vị soạn thảo, ví dụ \"KSTTHC\"")
    date: dt.date | None = Field(default=None, description="Ngày ban hành; để trống với dự thảo")
    year: int | None = Field(default=None, ge=1900, le=2100, description="Năm ghi trên dự thảo khi chưa có ngày")
    month: int | None = Field(default=None, ge=1, le=12, description="Tháng ghi trên dự thảo khi chưa có ngày")
    place: str | None = None
    subject: str | None = Field(default=None, description="Trích yếu nội dung")
    recipients: list[str] = Field(default_factory=list, description="Kính gửi")
    legal_bases: list[str] = Field(default_factory=list, description="Căn cứ ban hành")
    template: str | None = Field(default=None, description="Tên mẫu trong templates/")
    body: str | None = Field(default=None, description="Nội dung (Jinja + cú pháp trình bày của cchc)")
    data: DocumentData = Field(default_factory=dict, description="Biến bổ sung cho mẫu")  # type: ignore[assignment]
    tasks: list[Slug] = Field(default_factory=list, description="Các nhiệm vụ đưa vào văn bản")
    assignment: Slug | None = None
    initiatives: list[Slug] = Field(default_factory=list)
    signer: Signer | None = None
    cc: list[str] = Field(default_factory=list, description="Nơi nhận (không gồm dòng Lưu)")
    archive: str | None = Field(default=None, description="Dòng lưu, ví dụ \"VT, KSTTHC (D 4)\"")
    appendices: list[Appendix] = Field(default_factory=list)
    unknown: dict[Element, Text] = Field(
        default_factory=dict,
        description="Thành phần thể thức không có trong nguồn và lý do để trống, ví dụ "
                    "signer_name: \"seed là tin bài, không ghi người ký\"; các thành phần thiếu khác bị báo lỗi khi soạn")
    url: str | None = None
    note: str | None = None
    corrections: list[Correction] = Field(
        default_factory=list,
        description="Chỗ văn bản soạn ra khác nguyên văn văn bản nguồn (mẫu chép từ văn bản gốc), mỗi chỗ "
                    "có lý do; mọi khác biệt khác là sai lệch (kiểm thử so từng từ với nguồn)")

    @model_validator(mode="after")
    def _consistent(self) -> Document:
        if self.template and self.body:
            raise PydanticCustomError("template_and_body", "chỉ ghi một trong hai: template hoặc body")
        if self.date and (self.year or self.month):
            raise PydanticCustomError("date_and_draft", "đã có date thì không ghi year/month")
        if not self.issuer and not self.issuer_name:
            raise PydanticCustomError("no_issuer", "cần issuer (mã cơ quan) hoặc issuer_name")
        return self

    @property
    def is_draft(self) -> bool:
        return self.number is None

    @property
    def renderable(self) -> bool:
        return bool(self.template or self.body)

    @property
    def effective_year(self) -> int | None:
        return self.date.year if self.date else self.year


class DocumentsFile(Model):
    schema_: str = Field(alias="schema")
    documents: list[Document] = Field(min_length=1)
