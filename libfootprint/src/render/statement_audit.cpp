// The parts of a statement an auditor works with: provenance, the sources
// table, how to check it, the verification block, and the annex of long
// tables. See detail/statement_document.hpp.

#include <fmt/format.h>

#include <algorithm>

#include "footprint/core/error.hpp"
#include "render/detail/statement_document.hpp"

namespace footprint::detail::statement_rendering {

using detail::cell;
using detail::document;

/// What the statement was built from: software, methodology, factors, digests.
void provenance_section(document& d, const statement_view& v, const words& tr) {
    d.begin_section("provenance", true);
    d.heading(2, tr("Provenance", "数据来源"), "provenance-heading");
    {
        detail::table t = statement_table(tr("What this statement was built from", "本声明的构建依据"));
        t.header = {tr("Item", "条目"), tr("Value", "内容")};
        t.align = {left, left};
        t.rows.push_back({txt(tr("Software", "软件")), txt(v.software_name + " " + v.software_version)});
        t.rows.push_back({txt(tr("Statement format", "声明格式")), code_cell(v.format)});
        t.rows.push_back({txt(tr("Methodology", "方法学")), cell(detail::code(v.methodology_id).t(" " + v.methodology_version))});
        t.rows.push_back({txt(tr("Methodology digest", "方法学摘要值")), code_cell(v.methodology_digest)});
        for (const auto& fs : v.factor_sets) {
            t.rows.push_back({txt(tr("Factor set", "排放因子集")), cell(detail::code(fs.name).t(" " + fs.version))});
            t.rows.push_back({txt(tr("Factor set digest", "排放因子集摘要值")), code_cell(fs.digest)});
        }
        t.rows.push_back({txt(tr("GWP set", "全球变暖潜势值")), txt(v.gwp_set)});
        t.rows.push_back({txt(tr("GWP source", "全球变暖潜势值来源")), txt(v.gwp_source)});
        if (v.overrides.empty()) {
            t.rows.push_back({txt(tr("Scenario overrides", "情景覆盖")), txt(tr("none", "无"))});
        } else {
            for (const auto& [name, value] : v.overrides)
                t.rows.push_back({txt(tr("Scenario override", "情景覆盖")), cell(detail::code(name).t(" = " + value))});
        }
        t.rows.push_back({txt(tr("Input rows digest", "输入行摘要值")), code_cell(v.input_rows_digest)});
        t.rows.push_back({txt(tr("Rejected rows digest", "被拒绝行摘要值")), code_cell(v.rejected_digest)});
        t.rows.push_back({txt(tr("Statement digest", "声明摘要值")),
                          marked(inline_text().c(v.statement_digest), "digest-cell")});
        t.widths = {28, 72};
        d.add_table(std::move(t));
    }
    d.paragraph(tr("The input rows digest is a SHA-256 over every shipment of this statement, in shipment-id order: "
                   "its id and the SHA-256 of its canonical row. The statement digest is the SHA-256 of the canonical "
                   "JSON without the statement_digest field: any edit to the file changes it. Annex B and C list every "
                   "fixed parameter and every value looked up, with its source.",
                   "输入行摘要值是对本声明每次装运（按装运编号排序）的编号及其规范行 SHA-256 计算的 SHA-256。"
                   "声明摘要值是去掉 statement_digest 字段后的规范 JSON 的 SHA-256：对文件的任何修改都会改变它。"
                   "附录 B 与附录 C 列出每个固定参数和每个查找值及其来源。"));
    d.end_section();
}

/// The publications the statement's values come from, one row each; every
/// table used of each is in annex D (a source's tables can fill pages).
void sources_section(document& d, const statement_view& v, const words& tr) {
    if (v.sources.empty()) return;
    d.begin_section("sources");
    d.heading(2, tr("Sources", "数据出处"), "sources-heading");
    detail::table t = statement_table(tr("Publications the factors and values of this statement come from (every "
                                         "table used: annex D)",
                                         "本声明所用因子与数值的出处文献（所用的每一个表：附录 D）"));
    t.header = {tr("Source", "编号"), tr("Publisher", "发布机构"), tr("Publication", "文献"), tr("Year", "年份"),
                tr("Tables", "表数")};
    t.align = {left, left, left, left, right};
    std::vector<std::pair<const source_entry*, std::size_t>> publications;  // first entry of each id, tables
    for (const auto& s : v.sources) {
        auto it = std::find_if(publications.begin(), publications.end(),
                               [&](const auto& p) { return p.first->id == s.id; });
        if (it == publications.end()) publications.emplace_back(&s, s.table.empty() ? 0 : 1);
        else if (!s.table.empty()) ++it->second;
    }
    for (const auto& [s, tables] : publications) {
        inline_text publication(s->title);
        if (!s->url.empty()) publication.t(" \u00b7 ").c(s->url);
        t.rows.push_back({code_cell(s->id), txt(s->publisher), cell(publication), txt(s->year),
                          num(std::to_string(tables))});
    }
    t.id = "table-publications";
    t.keep_together = publications.size() <= 12;
    t.widths = {20, 20, 46, 7, 7};
    d.add_table(std::move(t));
    d.end_section();
}

/// Annex D: every (publication, table) the statement's values come from.
void sources_annex(document& d, const statement_view& v, const words& tr) {
    if (v.sources.empty()) return;
    d.begin_section("annex-sources");
    d.heading(2, tr("Annex D \u2014 Sources: every table used", "附录 D \u2014 数据出处：所用的每一个表"), "annex-d");
    detail::table t = statement_table(tr("Publisher, publication, table and year of every source entry",
                                         "每条出处的发布机构、文献、表与年份"));
    t.header = {tr("Source", "编号"), tr("Publisher", "发布机构"), tr("Publication", "文献"), tr("Table", "表"),
                tr("Year", "年份")};
    t.align = {left, left, left, left, left};
    for (const auto& s : v.sources) {
        inline_text publication(s.title);
        if (!s.url.empty()) publication.t(" \u00b7 ").c(s.url);
        t.rows.push_back({code_cell(s.id), txt(s.publisher), cell(publication), txt(s.table), txt(s.year)});
    }
    t.id = "table-sources";
    t.keep_together = false;
    t.widths = {17, 17, 33, 27, 6};
    d.add_table(std::move(t));
    d.end_section();
}

/// How to rebuild and check the statement.
void check_section(document& d, const statement_view& v, const words& tr) {
    d.begin_section("check");
    d.heading(2, tr("How to check this statement", "如何核验本声明"), "check-heading");
    d.paragraph(tr("Rebuild it from the same inputs and compare it field by field; the result names the first "
                   "differing field and the shipments whose rows changed. The second command shows one shipment's "
                   "derivation down to the integer grams, with every factor and its source; the third checks the "
                   "signatures against the public keys you trust.",
                   "用相同的输入重建并逐字段比较；结果会指出第一个不同的字段以及输入行被改动的装运。第二条命令给出单次装运的"
                   "完整推导（精确到整数克），以及每个因子及其来源；第三条命令用您信任的公钥核验签名。"));
    // Continuation lines keep each command inside the printed page's width.
    d.command("footprint verify STATEMENT.json \\\n    --shipments SHIPMENTS.csv\n"
              "footprint explain -m " + v.methodology_id + " \\\n    --shipments SHIPMENTS.csv --shipment SHIPMENT-ID\n"
              "footprint signatures verify STATEMENT.json \\\n    --trusted TRUSTED-KEYS.pem\n");
    d.end_section();
}

namespace {

/// The kind of a value as the statement records it (fixed, override, factor,
/// catalog) or a component's term (BE, PE, LE, memo), in the document's
/// language; anything else as it is.
std::string kind_label(const std::string& kind, const words& tr) {
    if (kind == "fixed") return tr("fixed", "固定");
    if (kind == "override") return tr("override", "情景覆盖");
    if (kind == "factor") return tr("factor", "排放因子");
    if (kind == "catalog") return tr("catalog", "目录");
    if (kind == "memo") return tr("memo", "备忘");
    return kind;
}

/// Refuses a signature over another statement: its block would vouch for figures it never saw.
void check_signatures_sign_this(const statement_view& v, const statement_render_options& o) {
    diagnostics problems;
    for (std::size_t i = 0; i < o.signatures.size(); ++i)
        if (o.signatures[i].statement_digest != v.statement_digest)
            problems.add("footprint.render.signature",
                         source_location{o.signature_file, 0, 0, "/signatures/" + std::to_string(i) + "/statement_digest", {}},
                         "this signature (" + o.signatures[i].signer + ") is over another statement",
                         "the statement's digest " + v.statement_digest, o.signatures[i].statement_digest);
    problems.throw_if_any();
}

}  // namespace

/// The block the verifier fills and signs.
void verification_section(document& d, const statement_view& v, const statement_render_options& o, const words& tr) {
    check_signatures_sign_this(v, o);
    d.begin_section("verification", true);
    d.heading(2, tr("Verification", "核查"), "verification-heading");
    std::string verifiers;
    for (const auto& s : o.signatures)
        if (s.role == signer_role::verifier) verifiers += (verifiers.empty() ? "" : "; ") + s.signer;
    {
        detail::table t = statement_table(tr("Verification statement (to be completed by the verifier)",
                                             "核查声明（由核查机构填写）"));
        t.header = {tr("Field", "栏目"), tr("Entry", "内容")};
        t.align = {left, left};
        t.rows.push_back({txt(tr("Verifier", "核查机构")), marked(verifiers, "verifier", {}, "fill")});
        t.rows.push_back({txt(tr("Standard", "核查标准")),
                          txt(tr("ISO 14064-3:2019, Greenhouse gases \u2014 Part 3: Specification with guidance for "
                                 "the verification and validation of greenhouse gas statements",
                                 "ISO 14064-3:2019《温室气体 第3部分：温室气体声明审定与核查规范及使用指南》"))});
        t.rows.push_back({txt(tr("Level of assurance", "保证等级")),
                          txt(tr("\u2610 reasonable    \u2610 limited", "\u2610 合理保证    \u2610 有限保证"))});
        t.rows.push_back({txt(tr("Statement verified (digest)", "所核查声明（摘要值）")), code_cell(v.statement_digest)});
        t.rows.push_back({txt(tr("Opinion", "核查意见")), marked("", "", {}, "fill")});
        t.rows.push_back({txt(tr("Place and date", "地点与日期")), marked("", "", {}, "fill")});
        t.rows.push_back({txt(tr("Signature", "签字")), marked("", "", {}, "fill")});
        t.id = "table-verification";
        t.widths = {28, 72};
        d.add_table(std::move(t));
    }
    if (o.signatures.empty()) {
        d.paragraph(tr("No signature file was given for this rendering. A signature binds a signer to this digest: "
                       "footprint sign STATEMENT.json --role verifier; render with --signatures to list them here.",
                       "本文档生成时未提供签名文件。签名将签署人与本摘要值绑定：footprint sign STATEMENT.json --role "
                       "verifier；生成文档时使用 --signatures 即可在此列出签名。"),
                    "small");
    } else {
        detail::table t = statement_table(tr("Signatures on this statement (detached, from the signature file)",
                                             "本声明的签名（分离式，取自签名文件）"));
        t.header = {tr("Signer", "签署人"), tr("Role", "角色"), tr("Signed at (UTC)", "签署时间（UTC）"),
                    tr("Key fingerprint (SHA-256 of the Ed25519 public key)", "密钥指纹（Ed25519 公钥的 SHA-256）")};
        t.align = {left, left, left, left};
        for (std::size_t i = 0; i < o.signatures.size(); ++i) {
            const auto& s = o.signatures[i];
            t.rows.push_back({txt(s.signer),
                              txt(s.role == signer_role::verifier ? tr("verifier", "核查方") : tr("preparer", "编制方")),
                              txt(s.signed_at),
                              marked(detail::code(s.key_fingerprint), "signature-" + std::to_string(i + 1),
                                     {{"fingerprint", s.key_fingerprint}})});
        }
        t.id = "table-signatures";
        t.widths = {24, 12, 20, 44};
        d.add_table(std::move(t));
        d.paragraph(tr("Each signature above is over this statement's digest. Listing them is not checking them: "
                       "whether each is valid and made with a key you trust is what footprint signatures verify "
                       "--trusted answers.",
                       "上列每个签名均针对本声明的摘要值。列出签名不等于核验签名：签名是否有效、是否由您信任的密钥所签，"
                       "须以 footprint signatures verify --trusted 核验。"),
                    "small");
    }
    d.paragraph(tr("The verification block and the signatures are not part of the statement of record: they are not "
                   "covered by its digest.",
                   "核查栏与签名不属于记录文本，不在其摘要值的封存范围内。"),
                "small");
    d.end_section();
}

/// Annex A (components), B (fixed parameters) and C (every value looked up).
void annex_sections(document& d, const statement_view& v, const words& tr, document_language lang) {
    d.begin_section("annex-components", true);
    d.heading(2, tr("Annex A \u2014 Components of the methodology's equations", "附录 A \u2014 方法学方程的分项"),
              "annex-a");
    {
        detail::table t = statement_table(tr("By component (exact grams and t CO2e)", "按分项（精确克数与 t CO2e）"));
        t.header = {tr("Component", "分项"), tr("Term", "项"), tr("Stage", "阶段"), "g CO2e", "t CO2e"};
        t.align = {left, left, left, right, right};
        for (const auto& comp : v.components)
            t.rows.push_back({code_cell(comp.name), txt(kind_label(comp.term, tr)), txt(stage_label(comp.stage, lang)),
                              num(group_thousands(std::to_string(comp.grams))), num(shown_tonnes(comp.grams))});
        t.id = "table-components";
        t.keep_together = v.components.size() <= 24;
        d.add_table(std::move(t));
    }
    d.end_section();
    d.begin_section("annex-parameters");
    d.heading(2, tr("Annex B \u2014 Fixed parameters", "附录 B \u2014 固定参数"), "annex-b");
    {
        detail::table t = statement_table(tr("Fixed parameters (values to 4 significant digits; the JSON keeps each exactly)",
                                             "固定参数（数值保留 4 位有效数字；JSON 保存其精确值）"));
        t.header = {tr("Parameter", "参数"), tr("Value", "数值"), tr("Unit", "单位"), tr("Kind", "类型"),
                    tr("Source", "来源")};
        t.align = {left, right, left, left, left};
        for (const auto& p : v.parameters)
            t.rows.push_back({code_cell(p.label), num(display_value(p.value)), txt(p.unit), txt(kind_label(p.kind, tr)),
                              txt(p.source)});
        t.id = "table-parameters";
        t.keep_together = false;
        t.widths = {26, 9, 8, 8, 49};
        d.add_table(std::move(t));
    }
    d.end_section();
    d.begin_section("annex-values");
    d.heading(2, tr("Annex C \u2014 Emission factors and catalog values used", "附录 C \u2014 所用排放因子与目录数值"),
              "annex-c");
    {
        detail::table t = statement_table(tr("Every value looked up (values to 4 significant digits; the JSON keeps each exactly)",
                                             "全部查找值（数值保留 4 位有效数字；JSON 保存其精确值）"));
        t.header = {tr("Value looked up", "查找项"), tr("Value", "数值"), tr("Unit", "单位"), tr("Kind", "类型"),
                    tr("Source and fallback path", "来源与回退路径")};
        t.align = {left, right, left, left, left};
        for (const auto& f : v.factors) {
            inline_text src(f.source);
            if (!f.factor_id.empty()) src.t(tr(" · factor ", " · 因子 ")).c(f.factor_id);
            for (std::size_t i = 0; i < f.fallback_path.size(); ++i)
                src.t(i == 0 ? tr(" · fallback: ", " · 回退：") : std::string("; ")).t(f.fallback_path[i]);
            t.rows.push_back({code_cell(f.label), num(display_value(f.value)), txt(f.unit), txt(kind_label(f.kind, tr)),
                              cell(src)});
        }
        t.id = "table-factors";
        t.keep_together = false;
        t.widths = {34, 8, 11, 7, 40};
        d.add_table(std::move(t));
    }
    d.end_section();
    sources_annex(d, v, tr);
}

}  // namespace footprint::detail::statement_rendering
