"""Tasks of the Đắk Lắk CCHC Steering Committee meeting of 25/10/2022 (Cổng TTĐT tỉnh Đắk Lắk,
http://daklak.gov.vn, 25/10/2022; copy in tests/golden/seeds/003_672664b7ab6fc20a.txt), retyped
as a plan's task table. See README.md in this folder."""

SOURCE_URL = "http://daklak.gov.vn"
HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]
ROWS = [
    ["1", "Tham mưu xử lý việc công khai tiến độ, kết quả giải quyết hồ sơ TTHC trên Cổng dịch vụ công "
          "đối với các huyện có tỷ lệ cập nhật đạt thấp", "Văn phòng UBND tỉnh", "3 tháng cuối năm 2022"],
    ["2", "Tăng cường đánh giá tác động của cải cách đến chất lượng VBQPPL do tỉnh ban hành",
     "Sở Tư pháp", "3 tháng cuối năm 2022"],
    ["3", "Tăng cường tỷ lệ dịch vụ công trực tuyến mức độ 3 và 4 của tỉnh được tích hợp, cung cấp trên "
          "Cổng Dịch vụ công quốc gia cũng như tăng tỷ lệ giải quyết hồ sơ, TTHC qua dịch vụ bưu chính công ích.\n"
          "Đẩy mạnh hơn nữa việc kết nối, tích hợp, chia sẻ dữ liệu giữa Cổng Dịch vụ công quốc gia, Hệ thống "
          "thông tin giải quyết TTHC cấp bộ, cấp tỉnh với cơ sở dữ liệu quốc gia, cơ sở dữ liệu chuyên ngành "
          "cũng như việc số hóa hồ sơ, kết quả giải quyết TTHC",
     "Sở Thông tin và Truyền thông", "3 tháng cuối năm 2022"],
    ["4", "Tổ chức tốt việc tiếp nhận, giải quyết hồ sơ TTHC, giảm tỷ lệ trễ hẹn trong giải quyết hồ sơ "
          "(đặc biệt là lĩnh vực đất đai)", "Các sở, ngành", "3 tháng cuối năm 2022"],
]
