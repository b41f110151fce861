"""Vietnamese names of the data kinds (import-light: used by the cached validate summary)."""

KIND_LABELS = {
    "agencies": "cơ quan",
    "criteria": "bộ tiêu chí",
    "assignments": "phân công",
    "tasks": "nhiệm vụ",
    "initiatives": "mô hình, sáng kiến",
    "results": "kết quả chỉ số",
    "documents": "văn bản",
    "calendar": "lịch nghỉ, làm bù",
    "reporting": "báo cáo định kỳ",
    "assessments": "tự chấm, thẩm định điểm",
}
