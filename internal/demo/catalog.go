package demo

import "github.com/vitalfew/vitalfew/internal/crm"

// catalogue is the demo business's price list: an industrial supplier
// selling machine parts, consumables and services. Prices and unit costs are
// in EUR; gross margins run from 27% to 70%.
var catalogue = []crm.Product{
	{SKU: "CS-2001", Name: "Ball bearing 6204-2RS", Price: 8.90, UnitCost: 3.10},
	{SKU: "CS-2002", Name: "Seal kit SK-M", Price: 28.00, UnitCost: 9.00},
	{SKU: "CS-2003", Name: "Filter cartridge FC-10", Price: 36.00, UnitCost: 14.00},
	{SKU: "CS-2004", Name: "Cleaning agent, 10 l", Price: 42.00, UnitCost: 19.00},
	{SKU: "CS-2005", Name: "Protective gloves (100 pairs)", Price: 48.00, UnitCost: 29.00},
	{SKU: "CS-2006", Name: "Lubricating grease, 5 kg", Price: 64.00, UnitCost: 30.00},
	{SKU: "CS-2007", Name: "Drill bit set HSS (25 pcs)", Price: 75.00, UnitCost: 33.00},
	{SKU: "CS-2008", Name: "Cutting oil, 20 l", Price: 89.00, UnitCost: 48.00},
	{SKU: "CS-2009", Name: "Saw blades (10 pcs)", Price: 120.00, UnitCost: 58.00},
	{SKU: "MP-1001", Name: "Linear guide rail LGR-20, 1 m", Price: 145.00, UnitCost: 68.00},
	{SKU: "MP-1002", Name: "Pneumatic cylinder PZ-32", Price: 185.00, UnitCost: 92.00},
	{SKU: "MP-1003", Name: "Inductive sensor kit (10 pcs)", Price: 210.00, UnitCost: 84.00},
	{SKU: "SV-3001", Name: "Online training seat", Price: 290.00, UnitCost: 90.00},
	{SKU: "MP-1004", Name: "Frequency inverter FI-2.2 kW", Price: 620.00, UnitCost: 390.00},
	{SKU: "MP-1005", Name: "PLC module S-16 I/O", Price: 740.00, UnitCost: 420.00},
	{SKU: "MP-1006", Name: "Planetary gearbox PG-60", Price: 890.00, UnitCost: 510.00},
	{SKU: "SV-3002", Name: "On-site service visit", Price: 980.00, UnitCost: 620.00},
	{SKU: "SV-3003", Name: "Remote support (10 h)", Price: 1100.00, UnitCost: 520.00},
	{SKU: "MP-1007", Name: "Servo motor SM-400", Price: 1280.00, UnitCost: 760.00},
	{SKU: "SV-3004", Name: "Training day (on site)", Price: 1450.00, UnitCost: 700.00},
	{SKU: "MP-1008", Name: "Hydraulic pump HP-16", Price: 1450.00, UnitCost: 900.00},
	{SKU: "SV-3005", Name: "Software licence Monitor Pro (per year)", Price: 1800.00, UnitCost: 540.00},
	{SKU: "SV-3006", Name: "Maintenance contract Basic (per year)", Price: 2400.00, UnitCost: 1300.00},
	{SKU: "MP-1009", Name: "Conveyor module CB-2000", Price: 2650.00, UnitCost: 1700.00},
	{SKU: "MP-1010", Name: "Robot gripper RG-2", Price: 3200.00, UnitCost: 2000.00},
	{SKU: "SV-3007", Name: "Installation and commissioning", Price: 3500.00, UnitCost: 2100.00},
	{SKU: "MP-1011", Name: "Control cabinet CC-800", Price: 4900.00, UnitCost: 3400.00},
	{SKU: "SV-3008", Name: "Spare parts service package", Price: 5200.00, UnitCost: 3600.00},
	{SKU: "MP-1012", Name: "Spindle unit SU-12", Price: 6800.00, UnitCost: 4900.00},
	{SKU: "SV-3009", Name: "Line audit and consulting", Price: 7800.00, UnitCost: 4100.00},
	{SKU: "SV-3010", Name: "Maintenance contract Premium (per year)", Price: 9600.00, UnitCost: 4400.00},
	{SKU: "SV-3011", Name: "Retrofit project (per phase)", Price: 18500.00, UnitCost: 13500.00},
}

// Products returns the demo catalogue, ordered by price. Order lines name
// these products by SKU, ProductName and UnitCost. The slice is a fresh copy.
func Products() []crm.Product {
	ps := make([]crm.Product, len(catalogue))
	copy(ps, catalogue)
	for i := range ps {
		ps[i].HasCost = true
	}
	return ps
}
