package console

// The messages of the public item page (traceability), merged into the
// catalogues.
var enTrace = map[string]string{
	"title.trace_item":      "Product trail",
	"trace.unknown":         "Unknown code",
	"trace.unknown_detail":  "No batch on this chain issued this code: it may be forged. Do not trust the product it is printed on.",
	"trace.unavailable":     "The chain could not be read just now. Try again in a moment.",
	"trace.code":            "Code",
	"trace.product":         "Product",
	"trace.producer":        "Producer",
	"trace.batch":           "Batch and item",
	"trace.batch_item":      "batch %d, item %d of %d",
	"trace.status":          "Status",
	"trace.complete":        "On sale: every step from production to retail is attested",
	"trace.in_transit":      "In the supply chain: not at retail yet",
	"trace.rejected":        "Rejected at inspection or customs: this batch must not be on sale",
	"trace.genuine":         "Genuine code",
	"trace.flagged":         "Possible counterfeit",
	"trace.flag_detail":     "This code was scanned from %d places (%d scans): a genuine item is scanned where it was bought. Its label may have been copied.",
	"trace.flag_by":         "Flagged on the chain by %s.",
	"trace.scans":           "Scans seen by this service: %d, from %d places.",
	"trace.steps":           "The trail",
	"trace.step":            "Step",
	"trace.by":              "Attested by",
	"trace.time":            "Time (UTC)",
	"trace.evidence":        "Evidence hash (SHA-256)",
	"trace.memo":            "Note",
	"trace.proof":           "Proof",
	"trace.proven":          "Proven",
	"trace.proven_detail":   "transaction %s in block %d, certified by %d consensus nodes",
	"trace.not_proven":      "Not proven yet",
	"trace.read_at":         "Read from the chain at block %d. Each proven step was checked against the chain's genesis, not only read from a node.",
	"trace.step.production": "Production",
	"trace.step.inspection": "Inspection",
	"trace.step.shipping":   "Shipping",
	"trace.step.customs":    "Customs",
	"trace.step.retail":     "Retail",
	"trace.note":            "This public page shows only the item its code names.",
}

var zhTrace = map[string]string{
	"title.trace_item":      "商品溯源",
	"trace.unknown":         "未知编码",
	"trace.unknown_detail":  "本链上没有任何批次签发过此编码，可能是伪造的。请勿信任印有此码的商品。",
	"trace.unavailable":     "暂时无法读取链上数据，请稍后再试。",
	"trace.code":            "编码",
	"trace.product":         "商品",
	"trace.producer":        "生产商",
	"trace.batch":           "批次与单品",
	"trace.batch_item":      "批次 %d，第 %d 件，共 %d 件",
	"trace.status":          "状态",
	"trace.complete":        "在售：从生产到零售的每一环节均已上链证明",
	"trace.in_transit":      "流通中：尚未到达零售",
	"trace.rejected":        "已在检验或海关环节被拒：该批次不应在售",
	"trace.genuine":         "正品编码",
	"trace.flagged":         "疑似假冒",
	"trace.flag_detail":     "此编码已在 %d 个地点被扫描（共 %d 次）：正品通常只在购买地被扫描。其标签可能被复制。",
	"trace.flag_by":         "已由 %s 在链上标记。",
	"trace.scans":           "本服务记录的扫描：%d 次，来自 %d 个地点。",
	"trace.steps":           "溯源记录",
	"trace.step":            "环节",
	"trace.by":              "证明方",
	"trace.time":            "时间（UTC）",
	"trace.evidence":        "证据哈希（SHA-256）",
	"trace.memo":            "备注",
	"trace.proof":           "证明",
	"trace.proven":          "已证明",
	"trace.proven_detail":   "交易 %s，区块 %d，由 %d 个共识节点签名确认",
	"trace.not_proven":      "尚未证明",
	"trace.read_at":         "读取自区块 %d。每个已证明的环节都已对照本链创世配置核验，而不只是从节点读取。",
	"trace.step.production": "生产",
	"trace.step.inspection": "检验",
	"trace.step.shipping":   "运输",
	"trace.step.customs":    "海关",
	"trace.step.retail":     "零售",
	"trace.note":            "此公开页面只显示该编码对应的单品。",
}

func init() {
	for k, v := range enTrace {
		en[k] = v
	}
	for k, v := range zhTrace {
		zh[k] = v
	}
}
